import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { trimmed } from '@app/http';


export class CreateProviderDto {
  @ApiProperty({ example: 'Northfield College (example)' }) @Transform(trimmed) @IsString() @Length(2, 200) name: string;
  @ApiProperty({ example: '10012345', description: 'UK Provider Reference Number: 8 digits' })
  @Transform(trimmed)
  @Matches(/^\d{8}$/, { message: 'ukprn must be 8 digits' })
  ukprn: string;
}

export class UpdateProviderDto {
  @ApiPropertyOptional({ example: 'Northfield College (example)' }) @IsOptional() @Transform(trimmed) @IsString() @Length(2, 200) name?: string;
  @ApiPropertyOptional({ example: '10012345', description: 'UK Provider Reference Number: 8 digits' })
  @IsOptional()
  @Transform(trimmed)
  @Matches(/^\d{8}$/, { message: 'ukprn must be 8 digits' })
  ukprn?: string;
}

export class ProviderDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() ukprn: string;
  @ApiProperty() createdAt: string;
}

export class InviteProviderUserDto {
  @ApiProperty() @Transform(trimmed) @IsEmail({}, { message: 'email must be an email address, like name@example.org' }) @MaxLength(254) email: string;
  @ApiProperty() @Transform(trimmed) @IsString() @Length(1, 200) fullName: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Student records system' }) @Transform(trimmed) @IsString() @Length(1, 100) name: string;
}

export class ApiKeyCreatorDto {
  @ApiProperty() id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ description: 'Disabled since: the key still works (it belongs to the provider) until it is revoked' }) disabled: boolean;
}

export class ApiKeyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The first characters of the key, to tell keys apart' }) keyPrefix: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: ApiKeyCreatorDto, description: 'Who created the key (null for one made by the system)' }) createdBy: ApiKeyCreatorDto | null;
}

export class NewApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key: shown once, never again' }) key: string;
}

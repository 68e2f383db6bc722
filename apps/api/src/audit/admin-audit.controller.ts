import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsEmail, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { AuditService, Roles } from '@app/identity';
import { queryInt, trimmed } from '@app/http';

export class AuditQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'actorId must be a UUID' }) actorId?: string;
  @ApiPropertyOptional({ description: 'The actor by their account’s email address, instead of actorId' })
  @IsOptional()
  @Transform(trimmed)
  @IsEmail({}, { message: 'actorEmail must be an email address, like name@example.org' })
  @MaxLength(254)
  actorEmail?: string;
  @ApiPropertyOptional({ example: 'application', description: 'application, provider, user, enrolment, api_key, notification…' }) @IsOptional() @IsString() @MaxLength(50) targetType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) targetId?: string;
  @ApiPropertyOptional({ example: 'auth.signed_in' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' }) @IsOptional() @Type(() => Date) @IsDate({ message: 'from must be a date' }) from?: Date;
  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' }) @IsOptional() @Type(() => Date) @IsDate({ message: 'to must be a date' }) to?: Date;
  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;
}

class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A person actor’s email address, looked up now' }) actorEmail: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ nullable: true, type: Object }) before: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object }) after: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
}

class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
}

@ApiTags('administration: audit')
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles(['admin'])
  @ApiOkResponse({ type: AuditPageDto, description: 'Newest first, 50 to a page' })
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}

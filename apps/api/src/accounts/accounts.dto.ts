import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROLES, STAFF_ROLES, type Role } from '@app/identity';
import { trimmed, queryInt } from '@app/http';


export class RegisterDto {
  @ApiProperty({ example: 'sam.okafor@example.org' })
  @Transform(trimmed)
  @IsEmail({}, { message: 'email must be an email address, like name@example.org' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: '12 to 128 characters; not a commonly used password', example: 'a long memorable passphrase' })
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiProperty({ example: 'Sam Okafor' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  fullName: string;
}

export class TokenDto {
  @ApiProperty({ description: 'The token from the emailed link' })
  @IsString()
  @Length(10, 200)
  token: string;
}

export class LoginDto {
  @ApiProperty() @Transform(trimmed) @IsString() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MaxLength(1024) password: string;
  @ApiPropertyOptional({ description: '6-digit code from an authenticator app, when two-factor authentication is on' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'otp must be 6 digits' })
  otp?: string;
  @ApiPropertyOptional({ description: 'One of the recovery codes given at two-factor set-up, in place of otp (each works once)' })
  @IsOptional()
  @IsString()
  @Length(8, 40)
  recoveryCode?: string;
}

export class LoginUserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional() providerId?: string;
}

export class LoginResultDto {
  @ApiProperty({ description: 'Send as Authorization: Bearer <accessToken>' }) accessToken: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: LoginUserDto }) user: LoginUserDto;
  @ApiPropertyOptional({ description: 'Staff must enrol two-factor authentication before anything else' }) mfaSetupRequired?: boolean;
}

export class ResetRequestDto {
  @ApiProperty() @Transform(trimmed) @IsEmail({}, { message: 'email must be an email address, like name@example.org' }) @MaxLength(254) email: string;
}

export class SetPasswordDto extends TokenDto {
  @ApiProperty() @IsString() @MaxLength(1024) password: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(1024) currentPassword: string;
  @ApiProperty() @IsString() @MaxLength(1024) newPassword: string;
}

export class OtpDto {
  @ApiProperty({ example: '123456' }) @Matches(/^\d{6}$/, { message: 'otp must be 6 digits' }) otp: string;
}

export class MfaChangeDto {
  @ApiPropertyOptional({ description: 'Required when two-factor authentication is already on' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  currentPassword?: string;

  @ApiPropertyOptional({ description: 'A current code from the authenticator app; required (or recoveryCode) when two-factor authentication is already on' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'otp must be 6 digits' })
  otp?: string;

  @ApiPropertyOptional({ description: 'A recovery code, in place of otp' })
  @IsOptional()
  @IsString()
  @Length(8, 40)
  recoveryCode?: string;
}

export class MfaSetupDto {
  @ApiProperty({ description: 'Base32 secret to type into an authenticator app' }) secret: string;
  @ApiProperty({ description: 'otpauth:// URL for a QR code' }) otpauthUrl: string;
  @ApiProperty({ type: [String], description: 'Ten single-use recovery codes, shown once; they work once this set-up is confirmed' }) recoveryCodes: string[];
}

export class RegisteredDto {
  @ApiProperty({ example: 'Check your email to confirm your address' }) message: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional() providerId?: string;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty() disabled: boolean;
  @ApiProperty() createdAt: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() total: number;
}

export class InviteStaffDto {
  @ApiProperty() @Transform(trimmed) @IsEmail({}, { message: 'email must be an email address, like name@example.org' }) @MaxLength(254) email: string;
  @ApiProperty() @Transform(trimmed) @IsString() @Length(1, 200) fullName: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` }) role: Role;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` }) role: Role;
}

export class UserQueryDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }) role?: Role;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @Transform(queryInt) @IsInt() @Min(1) @Max(100000) page?: number;
}

export class IdDto {
  @ApiProperty() id: string;
}

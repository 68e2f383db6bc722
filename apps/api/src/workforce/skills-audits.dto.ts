import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { trimmed } from '@app/http';

export class NewSkillsAuditDto {
  @ApiProperty({ example: 'assistant_practice_manager', description: 'Current role code (config/workforce.yaml)' }) @IsString() @MaxLength(60) currentRole: string;
  @ApiProperty({ example: 'north_west', description: 'NHS England region code, or wales, scotland or northern_ireland for someone outside England (config/workforce.yaml regions and outsideEngland)' }) @IsString() @MaxLength(60) region: string;
  @ApiPropertyOptional({ example: 'A81001', description: "Employer practice's ODS code: a letter and five digits" })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(10)
  employerOdsCode?: string;
  @ApiProperty({ example: { finance: 2, hr_workforce: 3 }, description: 'Every competency in config/workforce.yaml rated 1 (new to it) to 4 (could teach it)' })
  @IsObject({ message: 'skills must be an object of competency codes rated 1 to 4' })
  skills: Record<string, number>;
  @ApiProperty({ description: 'Must be true: the person agrees to the statement of what the answers are used for (aggregated skills-gap reports; figures about fewer than 5 people never shown; individual answers seen by programme staff only)' })
  @IsBoolean({ message: 'consent must be true or false' })
  consent: boolean;
}

export class SkillsAuditDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['audit', 'profile'], description: 'audit: the skills audit; profile: an applicant saving their profile' }) source: string;
  @ApiProperty({ example: '2026-27', description: 'The financial year of submittedAt' }) auditYear: string;
  @ApiProperty() currentRole: string;
  @ApiProperty() region: string;
  @ApiProperty({ nullable: true, type: String }) employerOdsCode: string | null;
  @ApiProperty({ example: { finance: 2, hr_workforce: 3 } }) skills: Record<string, number>;
  @ApiProperty() consentedAt: string;
  @ApiProperty() submittedAt: string;
}

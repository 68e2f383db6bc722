import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export const PRACTICE_FILE_PARAMS = { epraccur: 'epraccur', 'icb-names': 'icb_names', 'pcn-members': 'pcn_members' } as const;

export class PracticeFileQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(PRACTICE_FILE_PARAMS), default: 'epraccur', description: 'epraccur: the practice file; icb-names: an ODS organisation file naming ICBs; pcn-members: ePCN core partner details' })
  @IsOptional()
  @IsIn(Object.keys(PRACTICE_FILE_PARAMS), { message: 'file must be epraccur, icb-names or pcn-members' })
  file?: keyof typeof PRACTICE_FILE_PARAMS;
}

export class CountsQueryDto {
  @ApiProperty({ example: 'NHS Digital, General Practice Workforce, practice managers (FTE)' }) @IsString({ message: 'source must be text' }) @MaxLength(300) source: string;
  @ApiProperty({ example: 'September 2026' }) @IsString({ message: 'period must be text' }) @MaxLength(100) period: string;
}

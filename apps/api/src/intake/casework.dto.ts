import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trimmed } from '@app/http';
import { CASE_NOTE_MAX, HOLD_REASON_MAX } from '@app/intake';

/** A new internal note on an application. */
export class NoteDto {
  @ApiProperty({ minLength: 1, maxLength: CASE_NOTE_MAX, description: 'Never shown to the applicant' }) @Transform(trimmed) @IsString() @Length(1, CASE_NOTE_MAX) body: string;
}

export class NoteViewDto {
  @ApiProperty() id: string;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String }) authorName: string | null;
  @ApiProperty() authorRole: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** Why an application is held, or released. */
export class HoldReasonDto {
  @ApiProperty({ minLength: 1, maxLength: HOLD_REASON_MAX }) @Transform(trimmed) @IsString() @Length(1, HOLD_REASON_MAX) reason: string;
}

export class HeldDto {
  @ApiProperty({ format: 'date-time' }) heldAt: string;
}

export class ReleasedDto {
  @ApiProperty({ format: 'date-time' }) releasedAt: string;
}

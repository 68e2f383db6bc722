import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STATUSES } from '@app/intake';

const APPLICATION_STATUSES = [...STATUSES];

/**
 * The shapes staff read from the review API (the queue, an application in
 * full, open appeals, what-if), as OpenAPI schemas: the staff console and
 * providers' integrators generate clients from them. Each mirrors a type
 * of libs/intake or libs/eligibility, which the controllers return as they are.
 */

const OUTCOMES = ['eligible', 'refer', 'ineligible'];

export class AssignedReviewerDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class QueueItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'PMB-2026-000123' }) reference: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: string;
  @ApiProperty() roundId: string;
  @ApiProperty() qualificationId: string;
  @ApiProperty({ nullable: true, type: String }) applicantName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'NHS England region, from config/workforce.yaml' }) region: string | null;
  @ApiProperty({ nullable: true, type: String }) currentRole: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'From the configured weights; higher is reviewed first' }) priorityScore: number | null;
  @ApiProperty({ nullable: true, enum: OUTCOMES }) eligibilityOutcome: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The reference of an earlier application by the same person' }) duplicateOf: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The qualification’s level (RQF)' }) qualificationLevel: number | null;
  @ApiProperty({ nullable: true, type: AssignedReviewerDto, description: 'The reviewer working on it' }) assignedTo: AssignedReviewerDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'On hold since' }) heldAt: string | null;
}

export class QueuePageDto {
  @ApiProperty({ type: [QueueItemDto], description: 'Highest priority first, then oldest submission (or as sorted); 50 to a page' }) items: QueueItemDto[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Applications in each status under the same filters with any status, like { "under_review": 12 }', type: 'object', additionalProperties: { type: 'integer' } })
  counts: Record<string, number>;
}

export class EmployerSupportDto {
  @ApiProperty() name: string;
  @ApiProperty() email: string;
}

export class EligibilityFactsDto {
  @ApiProperty() ageYears: number;
  @ApiProperty() livesInEngland: boolean;
  @ApiProperty() worksInEngland: boolean;
  @ApiProperty() currentRole: string;
  @ApiProperty() worksInGeneralPractice: boolean;
  @ApiProperty() isSchoolLeaver: boolean;
  @ApiProperty() isCareerChanger: boolean;
  @ApiProperty() hasLevel2EnglishAndMaths: boolean;
  @ApiProperty() employerSupportNamed: boolean;
  @ApiProperty() qualificationLevel: number;
  @ApiProperty() qualificationOffered: boolean;
  @ApiProperty({ type: [Number] }) fundedLevels: number[];
  @ApiProperty() highestQualificationLevel: number;
  @ApiProperty() yearsInRole: number;
}

export class RuleResultDto {
  @ApiProperty() ruleId: string;
  @ApiProperty({ description: 'The sentence the applicant sees' }) sentence: string;
  @ApiProperty() passed: boolean;
  @ApiProperty({ enum: ['ineligible', 'refer'] }) onFail: string;
  @ApiPropertyOptional({ description: 'Why the rule could not be evaluated (then it refers)' }) error?: string;
}

export class ReasonDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

export class StoredEligibilityDto {
  @ApiProperty({ enum: OUTCOMES }) outcome: string;
  @ApiProperty({ example: '2026-1' }) ruleSetVersion: string;
  @ApiProperty({ type: [RuleResultDto], description: 'Every rule, with its result' }) results: RuleResultDto[];
  @ApiProperty({ type: [ReasonDto] }) reasons: ReasonDto[];
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

export class HistoryEntryDto {
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: string;
  @ApiProperty({ nullable: true, enum: APPLICATION_STATUSES }) from: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'The role of who made the move, or system' }) by: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() note?: string;
}

export class AppealSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() statement: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ nullable: true, enum: ['uphold', 'dismiss'] }) decision: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class MoneyAtDecisionDto {
  @ApiProperty() potId: string;
  @ApiProperty() potName: string;
  @ApiProperty({ description: 'The pot’s available balance now, in pence' }) availablePence: number;
  @ApiProperty({ description: 'This qualification’s bursary, in pence' }) bursaryPence: number;
  @ApiProperty({ description: 'Available after approving this one (unchanged when the pot cannot cover it: approval waitlists it)' }) afterPence: number;
  @ApiProperty({ description: 'How many approvals of this bursary the pot can still fund' }) fundableCount: number;
  @ApiProperty({ description: 'Whether approving now makes an offer' }) fundable: boolean;
}

export class TimelineEntryDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['status', 'hold', 'release'] }) kind: string;
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES }) status?: string;
  @ApiPropertyOptional({ nullable: true, enum: APPLICATION_STATUSES }) from?: string | null;
  @ApiProperty({ nullable: true, type: String }) byName: string | null;
  @ApiProperty({ description: 'The role of who did it, or system' }) byRole: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() note?: string;
}

export class CaseQualificationDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() level: number;
  @ApiProperty() bursaryPence: number;
}

export class CaseAssignmentDto {
  @ApiProperty() userId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class HoldDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String }) byName: string | null;
  @ApiProperty() reason: string;
}

export class ApplicationDetailDto extends QueueItemDto {
  @ApiProperty() applicantId: string;
  @ApiProperty({
    nullable: true,
    type: Object,
    description: 'How priorityScore was made: fixed [{code, label, points}], gap (null unless gap weighting was on: points, maxPoints, areaKind, auditYear, role, competencies [{code, gap, areaKind, areaCode, areaName, fellBack, note}]) and total; null for scores made before it was kept',
  })
  priorityBreakdown: object | null;
  @ApiProperty({ nullable: true, type: EmployerSupportDto }) employerSupport: EmployerSupportDto | null;
  @ApiProperty({ nullable: true, type: String }) statement: string | null;
  @ApiProperty({ nullable: true, type: EligibilityFactsDto, description: 'The facts the rules judged, as they were at submission' }) facts: EligibilityFactsDto | null;
  @ApiProperty({ nullable: true, type: StoredEligibilityDto }) eligibility: StoredEligibilityDto | null;
  @ApiProperty({ type: [HistoryEntryDto] }) history: HistoryEntryDto[];
  @ApiProperty({ type: [AppealSummaryDto] }) appeals: AppealSummaryDto[];
  @ApiProperty({ type: CaseQualificationDto }) qualification: CaseQualificationDto;
  @ApiProperty() roundName: string;
  @ApiProperty({ nullable: true, type: String, description: 'The id of the earlier application by the same person' }) duplicateOfId: string | null;
  @ApiProperty({ nullable: true, type: CaseAssignmentDto }) assignment: CaseAssignmentDto | null;
  @ApiProperty({ nullable: true, type: HoldDto, description: 'Set while the application is on hold (decisions are refused)' }) hold: HoldDto | null;
  @ApiProperty({ type: [TimelineEntryDto], description: 'Changes of status, holds and releases, with who and why, oldest first' }) timeline: TimelineEntryDto[];
  @ApiProperty({ nullable: true, type: MoneyAtDecisionDto, description: 'What approving would do to the round’s pot now; null when the round has no pot' }) money: MoneyAtDecisionDto | null;
}

export class OpenAppealDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() reference: string;
  @ApiProperty() statement: string;
  @ApiProperty({ enum: APPLICATION_STATUSES, description: 'The outcome appealed against' }) previousStatus: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
}

export class OutcomeChangeCountDto {
  @ApiProperty({ enum: OUTCOMES }) from: string;
  @ApiProperty({ enum: OUTCOMES }) to: string;
  @ApiProperty() count: number;
}

export class RuleChangeCountDto {
  @ApiProperty() ruleId: string;
  @ApiProperty() sentence: string;
  @ApiProperty() count: number;
}

export class OutcomeChangeDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ enum: OUTCOMES }) from: string;
  @ApiProperty({ enum: OUTCOMES }) to: string;
  @ApiProperty({ type: [String], description: 'The rules behind the change' }) causedBy: string[];
}

export class WhatIfReportDto {
  @ApiProperty({ description: 'The round’s rule set' }) fromVersion: string;
  @ApiProperty({ description: 'The rule set tried' }) toVersion: string;
  @ApiProperty({ description: 'Submitted applications judged' }) total: number;
  @ApiProperty({ description: 'Applications whose outcome would change' }) changed: number;
  @ApiProperty({ type: [OutcomeChangeCountDto], description: 'Only the outcome pairs that changed, most common first' }) byOutcome: OutcomeChangeCountDto[];
  @ApiProperty({ type: [RuleChangeCountDto], description: 'Rules behind the changes, most common first' }) byRule: RuleChangeCountDto[];
  @ApiProperty({ type: [OutcomeChangeDto] }) changes: OutcomeChangeDto[];
}

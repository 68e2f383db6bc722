import type { PaymentSchedule } from './qualifications/payment-schedule';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ApplicationStatus } from './applications/status';

/** A qualification the programme funds, with its bursary and provider payment schedule. */
@Entity('qualification')
export class Qualification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') title: string;
  @Column('text') awardingBody: string;
  @Column('smallint') level: number;
  @Column('int') bursaryPence: number;
  @Column('smallint') durationMonths: number;
  @Column('smallint') startPaymentPercent: number;
  /** What the stages after the start pay together (kept with the start at 100). */
  @Column('smallint') completionPaymentPercent: number;
  /** The ordered stages of payment; the start stage's percent is startPaymentPercent. */
  @Column('jsonb') paymentSchedule: PaymentSchedule;
  @Column('boolean') isExample: boolean;
  /** The competency codes (config/workforce.yaml) the qualification covers; gap-weighted priority reads them. */
  @Column('text', { array: true, default: () => `'{}'` }) competencies: string[];
  /** No longer offered in new rounds or to new applicants; applications made already are unaffected. */
  @Column('timestamptz', { nullable: true }) retiredAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A funding round: a window in which applications are taken for some qualifications. */
@Entity('funding_round')
export class FundingRound {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('timestamptz') opensAt: Date;
  @Column('timestamptz') closesAt: Date;
  @Column('uuid', { nullable: true }) potId: string | null;
  @Column('text') ruleSetVersion: string;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** The applicant's profile: who they are, where they work, and their skills self-assessment. */
@Entity('applicant_profile')
export class ApplicantProfile {
  @PrimaryColumn('uuid') userId: string;
  @Column('text') fullName: string;
  @Column('text') emailNormalised: string;
  @Column('date') dateOfBirth: string;
  @Column('text') postcode: string;
  @Column('text') region: string;
  @Column('text', { name: 'job_role' }) currentRole: string;
  @Column('text', { nullable: true }) employerOdsCode: string | null;
  /** Optional, normalised (normalisePhone); shown to the provider a learner is placed with. */
  @Column('text', { nullable: true }) phone: string | null;
  @Column('smallint') yearsInRole: number;
  @Column('smallint') highestQualificationLevel: number;
  @Column('boolean') hasLevel2EnglishAndMaths: boolean;
  @Column('jsonb') skills: Record<string, number>;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('application')
export class Application {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') reference: string;
  @Column('uuid') applicantId: string;
  @Column('uuid') roundId: string;
  @Column('uuid') qualificationId: string;
  @Column('text') status: ApplicationStatus;
  @Column('text', { nullable: true }) employerSupportName: string | null;
  @Column('text', { nullable: true }) employerSupportEmail: string | null;
  @Column('text', { nullable: true }) statement: string | null;
  @Column('jsonb', { nullable: true }) facts: object | null;
  @Column('jsonb', { nullable: true }) eligibility: object | null;
  @Column('smallint', { nullable: true }) priorityScore: number | null;
  /** How priorityScore was made (PriorityBreakdown); null before it was kept. */
  @Column('jsonb', { nullable: true }) priorityBreakdown: object | null;
  @Column('uuid', { nullable: true }) duplicateOf: string | null;
  @Column('timestamptz', { nullable: true }) submittedAt: Date | null;
  /** The applicant's declaration (the task list's last section) that the answers are true. */
  @Column('timestamptz', { nullable: true }) declaredAt: Date | null;
  /** When the employer support question was answered: "no" leaves the name and email empty. */
  @Column('timestamptz', { nullable: true }) employerSupportAnsweredAt: Date | null;
  /** The profile as it was on submitting (applicant_profile's columns). */
  @Column('jsonb', { nullable: true }) submittedProfile: Record<string, unknown> | null;
  /** The reviewer working on it; assignment takes only unassigned applications, so two never clash. */
  @Column('uuid', { nullable: true }) assignedTo: string | null;
  @Column('timestamptz', { nullable: true }) assignedAt: Date | null;
  /** On hold: kept out of decisions until released, with the reason staff gave. */
  @Column('timestamptz', { nullable: true }) heldAt: Date | null;
  @Column('uuid', { nullable: true }) heldBy: string | null;
  @Column('text', { nullable: true }) holdReason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** Staff's internal note on an application: never shown to the applicant. */
@Entity('application_note')
export class ApplicationNote {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') applicationId: string;
  @Column('uuid') authorId: string;
  @Column('text') authorRole: string;
  @Column('text') body: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A practice from NHS Digital's reference file (ODS epraccur): its network, ICB and region. */
@Entity('practice')
export class Practice {
  @PrimaryColumn('text') odsCode: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) pcnCode: string | null;
  @Column('text', { nullable: true }) pcnName: string | null;
  @Column('text', { nullable: true }) icbCode: string | null;
  @Column('text', { nullable: true }) icbName: string | null;
  @Column('text', { nullable: true }) region: string | null;
}

/** An organisation a member of staff is connected to: they may not be assigned or decide its applications. */
@Entity('staff_organisation')
export class StaffOrganisation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') kind: 'practice' | 'pcn' | 'icb';
  @Column('text') code: string;
  @CreateDateColumn({ type: 'timestamptz' }) declaredAt: Date;
}

@Entity('application_transition')
export class ApplicationTransition {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid') applicationId: string;
  @Column('text', { nullable: true }) fromStatus: ApplicationStatus | null;
  @Column('text') toStatus: ApplicationStatus;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text', { nullable: true }) actorRole: string | null;
  @Column('text', { nullable: true }) reasonCode: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('timestamptz') at: Date;
}

@Entity('appeal')
export class Appeal {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') applicationId: string;
  @Column('text') statement: string;
  @Column('text') previousStatus: ApplicationStatus;
  @Column('timestamptz') submittedAt: Date;
  @Column('text', { nullable: true }) decision: 'uphold' | 'dismiss' | null;
  @Column('uuid', { nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
  @Column('text', { nullable: true }) note: string | null;
}

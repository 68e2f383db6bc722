import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import type { EligibilityFacts, Outcome, Reason } from '@app/eligibility';
import { IntakeError } from '../intake.error';
import type { ProfileInput } from '../profile/profile.service';
import { ProfileService } from '../profile/profile.service';
import { eligibilityFacts } from './facts';
import { RuleSets } from './rule-sets';

export interface CheckInput extends ProfileInput {
  employerSupportNamed?: boolean;
  roundId?: string;
  qualificationId?: string;
}

/**
 * The portal checker's answers: only what the newest rules read, so any
 * field may be missing when no rule needs it.
 */
export interface CheckerAnswers {
  dateOfBirth?: string;
  postcode?: string;
  region?: string;
  currentRole?: string;
  employerOdsCode?: string | null;
  hasLevel2EnglishAndMaths?: boolean;
  highestQualificationLevel?: number;
  yearsInRole?: number;
}

/** A check's answer: the outcome, the rules' reasons, and any note beside them. */
export interface CheckResult {
  outcome: Outcome;
  ruleSetVersion: string;
  reasons: Reason[];
  notes?: string[];
}

/** Said beside the outcome when the application itself will ask for something the check cannot. */
export const SUPPORTER_NOTE = 'Your application will ask you to name someone at your employer who supports it.';

/**
 * "Am I eligible?" for anyone, before they register: the same engine and
 * rule set as a real submission, storing nothing. Without a round, the
 * round-specific rules are judged as if the qualification were on offer.
 * The check has no employer supporter to name (that is on the application),
 * so unless the caller says whether one is named it is judged as if one will
 * be, and the answer notes that the application will ask for one: a fully
 * eligible assistant practice manager is told "eligible", not "someone will
 * look at it". The rule itself is unchanged for real applications.
 */
@Injectable()
export class EligibilityCheckService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly ruleSets: RuleSets,
    private readonly profiles: ProfileService,
    private readonly clock: Clock,
  ) {}

  /** Judges a full profile (POST /api/v1/eligibility/check), in a round and for a qualification when given. */
  async check(input: CheckInput): Promise<CheckResult> {
    const problems = this.profiles.check(input);
    if (problems.length) throw new IntakeError('invalid_profile', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
    let ruleSet = await this.ruleSets.newestPublished();
    let qualificationLevel = 0;
    let qualificationOffered = true;
    if (input.roundId) {
      const [round] = await this.dataSource.query(`SELECT rule_set_version FROM funding_round WHERE id = $1`, [input.roundId]);
      if (!round) throw new IntakeError('round_not_found', 'No funding round with that id', [{ field: 'roundId', message: 'is not a funding round' }]);
      ruleSet = await this.ruleSets.getPublished(round.rule_set_version);
    }
    if (input.qualificationId) {
      const [q] = await this.dataSource.query(
        `SELECT q.level, ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM round_qualification rq WHERE rq.round_id = $2 AND rq.qualification_id = q.id)) AS offered
         FROM qualification q WHERE q.id = $1`,
        [input.qualificationId, input.roundId ?? null],
      );
      if (!q) throw new IntakeError('qualification_not_found', 'No qualification with that id', [{ field: 'qualificationId', message: 'is not a qualification' }]);
      qualificationLevel = q.level;
      qualificationOffered = q.offered;
    }
    const facts = eligibilityFacts(
      { profile: input, employerSupportNamed: input.employerSupportNamed ?? true, qualificationLevel, qualificationOffered, fundedLevels: [], on: this.clock.now() },
      this.config.workforce,
    );
    const { outcome, ruleSetVersion, reasons } = ruleSet.evaluate(facts);
    const notes = input.employerSupportNamed === undefined && facts.worksInGeneralPractice && outcome !== 'ineligible' ? [SUPPORTER_NOTE] : [];
    return { outcome, ruleSetVersion, reasons, ...(notes.length ? { notes } : {}) };
  }

  /** The facts the newest published rules read: what the portal checker has to ask about. */
  async factsRead(): Promise<readonly (keyof EligibilityFacts)[]> {
    return (await this.ruleSets.newestPublished()).facts;
  }

  /**
   * Judges the portal checker's answers against the newest published rules,
   * with no round: as check() does, the qualification counts as offered and
   * a supporter as one to be named. A fact left unanswered is left out, so
   * only a rule reading it (none, when the checker asked what the rules
   * read) would be referred.
   * @throws IntakeError invalid_profile naming each bad answer
   */
  async checkAnswers(answers: CheckerAnswers): Promise<CheckResult> {
    const problems = this.profiles.checkAnswers(answers);
    if (problems.length) throw new IntakeError('invalid_profile', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
    const ruleSet = await this.ruleSets.newestPublished();
    const derived = eligibilityFacts(
      {
        profile: {
          dateOfBirth: answers.dateOfBirth ?? '',
          postcode: answers.postcode ?? '',
          region: answers.region ?? '',
          currentRole: answers.currentRole ?? '',
          employerOdsCode: answers.employerOdsCode ?? null,
          yearsInRole: answers.yearsInRole as number,
          highestQualificationLevel: answers.highestQualificationLevel as number,
          hasLevel2EnglishAndMaths: answers.hasLevel2EnglishAndMaths as boolean,
        },
        employerSupportNamed: true,
        qualificationLevel: 0,
        qualificationOffered: true,
        fundedLevels: [],
        on: this.clock.now(),
      },
      this.config.workforce,
    );
    const unanswered: Partial<Record<keyof EligibilityFacts, undefined>> = {
      ...(answers.dateOfBirth === undefined ? { ageYears: undefined } : {}),
      ...(answers.postcode === undefined ? { livesInEngland: undefined } : {}),
      ...(answers.currentRole === undefined ? { currentRole: undefined, worksInGeneralPractice: undefined, isSchoolLeaver: undefined, isCareerChanger: undefined } : {}),
    };
    const facts = { ...derived, ...unanswered } as EligibilityFacts;
    const { outcome, ruleSetVersion, reasons } = ruleSet.evaluate(facts);
    const notes = facts.worksInGeneralPractice && outcome !== 'ineligible' ? [SUPPORTER_NOTE] : [];
    return { outcome, ruleSetVersion, reasons, ...(notes.length ? { notes } : {}) };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { financialYearOf } from '@app/budget';
import { AppConfig, Clock, places } from '@app/config';
import type { FieldProblem } from '@app/http';
import { AccountsService, type Actor } from '@app/identity';
import { ApplicantProfile } from '../entities';
import { IntakeError } from '../intake.error';
import { PERSON_NAME_MAX } from '../limits';
import { normaliseEmail, normalisePhone, normalisePostcode, ODS_CODE } from './normalise';

export interface ProfileInput {
  fullName: string;
  /** A UK phone number, for the training provider to contact a placed learner; spaces and +44 are normalised away. */
  phone?: string | null;
  dateOfBirth: string;
  postcode: string;
  region: string;
  currentRole: string;
  employerOdsCode?: string | null;
  yearsInRole: number;
  highestQualificationLevel: number;
  hasLevel2EnglishAndMaths: boolean;
  skills: Record<string, number>;
}

export interface ProfileView extends ProfileInput {
  employerOdsCode: string | null;
  phone: string | null;
  updatedAt: string;
}

const OLDEST_YEARS = 100;

/** The profile's fields, in the order the pages ask them. */
export const PROFILE_FIELDS = [
  'fullName',
  'phone',
  'dateOfBirth',
  'postcode',
  'highestQualificationLevel',
  'hasLevel2EnglishAndMaths',
  'currentRole',
  'yearsInRole',
  'employerOdsCode',
  'region',
  'skills',
] as const satisfies readonly (keyof ProfileInput)[];

export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Profile answers as they may come in: any field missing or of the wrong kind. */
export type ProfileAnswers = Partial<Record<ProfileField, unknown>>;

/**
 * The applicant profile: the programme's picture of its workforce. Codes are
 * checked against config/workforce.yaml, so the programme can extend the lists.
 */
@Injectable()
export class ProfileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
  ) {}

  /** The signed-in applicant's profile, or null if they have not filled it in. */
  async get(userId: string): Promise<ProfileView | null> {
    const profile = await this.dataSource.getRepository(ApplicantProfile).findOneBy({ userId });
    return profile ? view(profile) : null;
  }

  /**
   * The applicant's answers so far: the whole profile once saved, or the
   * sections answered before it was complete (saveSection keeps those).
   */
  async answers(userId: string): Promise<{ profile: ProfileView | null; answers: Partial<ProfileInput> }> {
    const profile = await this.get(userId);
    if (profile) return { profile, answers: profile };
    const [draft] = await this.dataSource.query(`SELECT answers FROM applicant_profile_draft WHERE user_id = $1`, [userId]);
    return { profile: null, answers: (draft?.answers ?? {}) as Partial<ProfileInput> };
  }

  /**
   * Creates or replaces the applicant's profile, and records its skills answers
   * as a new skills audit row (source 'profile') in the same transaction; every
   * bad field is named, the shape and the rules together (PUT /me/profile
   * sends its body here unvalidated for that reason).
   */
  async save(actor: Actor, input: ProfileInput): Promise<ProfileView> {
    const problems = [...this.check(input), ...unknownFields(input)];
    if (problems.length) throw invalid(problems);
    return this.dataSource.transaction((manager) => this.write(manager, actor, input, true));
  }

  /**
   * Saves one section of the profile (the application's task list asks it a
   * section at a time): only `fields` are judged and changed. With the other
   * sections answered too, the whole profile is saved, as save() would; until
   * then the answers wait in applicant_profile_draft. The skills audit gets a
   * row only when skills were answered, so saving a name does not count as a
   * second audit.
   */
  async saveSection(actor: Actor, answers: ProfileAnswers, fields: readonly ProfileField[]): Promise<{ complete: boolean }> {
    const problems = this.check(answers, this.clock.now(), fields);
    if (problems.length) throw invalid(problems);
    return this.dataSource.transaction(async (manager) => {
      const profile = await manager.getRepository(ApplicantProfile).findOne({ where: { userId: actor.userId! }, lock: { mode: 'pessimistic_write' } });
      const [draft] = profile ? [] : await manager.query(`SELECT answers FROM applicant_profile_draft WHERE user_id = $1 FOR UPDATE`, [actor.userId]);
      const before: Partial<ProfileInput> = profile ? view(profile) : (draft?.answers ?? {});
      const merged: Record<string, unknown> = { ...before };
      for (const f of fields) merged[f] = answers[f] ?? (f === 'employerOdsCode' ? null : undefined);
      const problemsWhole = this.check(merged);
      // A saved profile stays whole: a rule it no longer meets (a region code since removed from config) is named, not left in a draft nobody reads.
      if (profile && problemsWhole.length) throw invalid(problemsWhole);
      const complete = problemsWhole.length === 0;
      if (complete) {
        await this.write(manager, actor, merged as unknown as ProfileInput, !profile || fields.includes('skills'));
        await manager.query(`DELETE FROM applicant_profile_draft WHERE user_id = $1`, [actor.userId]);
      } else {
        await manager.query(
          `INSERT INTO applicant_profile_draft (user_id, answers, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET answers = EXCLUDED.answers, updated_at = EXCLUDED.updated_at`,
          [actor.userId, merged, this.clock.now()],
        );
      }
      return { complete };
    });
  }

  private async write(manager: EntityManager, actor: Actor, input: ProfileInput, auditSkills: boolean): Promise<ProfileView> {
    const user = await this.accounts.get(actor.userId!);
    const row = manager.getRepository(ApplicantProfile).create({
      userId: user.id,
      fullName: input.fullName.trim(),
      emailNormalised: normaliseEmail(user.email),
      dateOfBirth: input.dateOfBirth,
      postcode: normalisePostcode(input.postcode)!,
      region: input.region,
      currentRole: input.currentRole,
      employerOdsCode: input.employerOdsCode ? input.employerOdsCode.trim().toUpperCase() : null,
      phone: input.phone?.trim() ? normalisePhone(input.phone) : null,
      yearsInRole: input.yearsInRole,
      highestQualificationLevel: input.highestQualificationLevel,
      hasLevel2EnglishAndMaths: input.hasLevel2EnglishAndMaths,
      skills: input.skills,
    });
    const now = this.clock.now();
    await manager.getRepository(ApplicantProfile).save(row);
    if (auditSkills) {
      // The profile's skills answers count in the skills audit: each save is a new row there (written by SQL, as
      // libs/workforce reads intake, not the other way), under the statement the profile page shows.
      await manager.query(
        `INSERT INTO skills_audit (user_id, source, audit_year, job_role, region, employer_ods_code, skills, consented_at, submitted_at)
         VALUES ($1, 'profile', $2, $3, $4, $5, $6, $7, $7)`,
        [row.userId, financialYearOf(now, this.config.programme.financialYearStart).label, row.currentRole, row.region, row.employerOdsCode, row.skills, now],
      );
    }
    return view(row);
  }

  /**
   * Every problem with the profile's `fields` at once: missing, of the wrong
   * kind, or against the rules (codes from config, plausible dates, a full
   * skills assessment). Each field is judged on its own, so a bad ODS code is
   * reported beside a missing name, not after it is fixed.
   */
  check(input: ProfileAnswers, today = this.clock.now(), fields: readonly ProfileField[] = PROFILE_FIELDS): FieldProblem[] {
    const w = this.config.workforce;
    const problems: FieldProblem[] = [];
    const asked = new Set<ProfileField>(fields);
    const add = (field: string, message: string) => problems.push({ field, message });
    const absent = (v: unknown) => v === undefined || v === null || v === '';
    const text = (f: ProfileField): string | undefined => {
      const v = input[f];
      if (absent(v)) return void add(f, 'is required');
      if (typeof v !== 'string') return void add(f, 'must be text');
      return v.trim();
    };
    const whole = (f: ProfileField, min: number, max: number) => {
      const v = input[f];
      if (absent(v)) add(f, 'is required');
      else if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) add(f, `must be a whole number from ${min} to ${max}`);
    };

    if (asked.has('fullName')) {
      const name = text('fullName');
      if (name !== undefined && (name.length < 1 || name.length > PERSON_NAME_MAX)) add('fullName', `must be 1 to ${PERSON_NAME_MAX} characters`);
    }
    if (asked.has('dateOfBirth')) {
      const raw = text('dateOfBirth');
      if (raw !== undefined) {
        const dob = new Date(`${raw}T00:00:00Z`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(dob.getTime()) || dob.toISOString().slice(0, 10) !== raw) add('dateOfBirth', 'must be a date, like 1990-04-23');
        else if (dob > today) add('dateOfBirth', 'must be in the past');
        else if (today.getUTCFullYear() - dob.getUTCFullYear() > OLDEST_YEARS) add('dateOfBirth', `must be within the last ${OLDEST_YEARS} years`);
      }
    }
    if (asked.has('postcode')) {
      const postcode = text('postcode');
      if (postcode !== undefined && !normalisePostcode(postcode)) add('postcode', 'must be a UK postcode, like LS1 4AP');
    }
    if (asked.has('phone') && !absent(input.phone)) {
      if (typeof input.phone !== 'string' || !normalisePhone(input.phone)) add('phone', 'must be a UK phone number, like 07700 900123');
    }
    if (asked.has('region')) {
      // A nation outside England is a true answer too (the rule on living or working in England judges it).
      const where = places(w);
      const region = text('region');
      if (region !== undefined && !where.some((r) => r.code === region)) add('region', `must be one of ${where.map((r) => r.code).join(', ')}`);
    }
    if (asked.has('currentRole')) {
      const role = text('currentRole');
      if (role !== undefined && !w.currentRoles.some((r) => r.code === role)) add('currentRole', `must be one of ${w.currentRoles.map((r) => r.code).join(', ')}`);
    }
    if (asked.has('employerOdsCode') && !absent(input.employerOdsCode)) {
      const ods = input.employerOdsCode;
      if (typeof ods !== 'string' || !ODS_CODE.test(ods.trim().toUpperCase())) add('employerOdsCode', 'must be an ODS code: a letter and five digits, like A81001');
    }
    if (asked.has('yearsInRole')) whole('yearsInRole', 0, 60);
    if (asked.has('highestQualificationLevel')) whole('highestQualificationLevel', 0, 8);
    if (asked.has('hasLevel2EnglishAndMaths')) {
      if (absent(input.hasLevel2EnglishAndMaths)) add('hasLevel2EnglishAndMaths', 'is required');
      else if (typeof input.hasLevel2EnglishAndMaths !== 'boolean') add('hasLevel2EnglishAndMaths', 'must be true or false');
    }
    if (asked.has('skills')) {
      const skills = input.skills;
      const codes = w.competencies.map((c) => c.code);
      if (absent(skills) || typeof skills !== 'object' || Array.isArray(skills)) {
        for (const code of codes) add(`skills.${code}`, 'must be rated from 1 to 4');
      } else {
        const ratings = skills as Record<string, unknown>;
        for (const code of codes) {
          const rating = ratings[code];
          if (rating === undefined) add(`skills.${code}`, 'must be rated from 1 to 4');
          else if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 4) add(`skills.${code}`, 'must be a whole number from 1 to 4');
        }
        for (const key of Object.keys(ratings)) {
          if (!codes.includes(key)) add(`skills.${key}`, `is not a competency; use ${codes.join(', ')}`);
        }
      }
    }
    return problems;
  }

  /**
   * The same checks for just the answers given (the eligibility checker asks
   * one question a page, and never about skills): a field left out is not judged.
   */
  checkAnswers(input: Partial<Pick<ProfileInput, 'dateOfBirth' | 'postcode' | 'region' | 'currentRole' | 'employerOdsCode'>>, today = this.clock.now()): FieldProblem[] {
    const given = PROFILE_FIELDS.filter((f) => f !== 'skills' && (input as ProfileAnswers)[f] !== undefined);
    return this.check(input, today, given);
  }
}

function invalid(problems: FieldProblem[]): IntakeError {
  return new IntakeError('invalid_profile', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
}

/** Fields a profile does not have (the API's body is not checked against a DTO first). */
function unknownFields(input: object): FieldProblem[] {
  const known = new Set<string>(PROFILE_FIELDS);
  return Object.keys(input)
    .filter((k) => !known.has(k))
    .map((field) => ({ field, message: 'is not a profile field' }));
}

function view(p: ApplicantProfile): ProfileView {
  return {
    fullName: p.fullName,
    dateOfBirth: p.dateOfBirth,
    postcode: p.postcode,
    region: p.region,
    currentRole: p.currentRole,
    employerOdsCode: p.employerOdsCode,
    phone: p.phone ?? null,
    yearsInRole: p.yearsInRole,
    highestQualificationLevel: p.highestQualificationLevel,
    hasLevel2EnglishAndMaths: p.hasLevel2EnglishAndMaths,
    skills: p.skills,
    updatedAt: (p.updatedAt ?? new Date()).toISOString(),
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { financialYearOf } from '@app/budget';
import { AppConfig, Clock, places } from '@app/config';
import type { FieldProblem } from '@app/http';
import { AccountsService, type Actor } from '@app/identity';
import { ApplicantProfile } from '../entities';
import { IntakeError } from '../intake.error';
import { normaliseEmail, normalisePhone, normalisePostcode, ODS_CODE } from './normalise';

export interface ProfileInput {
  fullName: string;
  dateOfBirth: string;
  postcode: string;
  region: string;
  currentRole: string;
  employerOdsCode?: string | null;
  /** A UK phone number, for the training provider to contact a placed learner; spaces and +44 are normalised away. */
  phone?: string | null;
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
   * Creates or replaces the applicant's profile, and records its skills answers
   * as a new skills audit row (source 'profile') in the same transaction; every
   * bad field is named.
   */
  async save(actor: Actor, input: ProfileInput): Promise<ProfileView> {
    const problems = this.check(input);
    if (problems.length) throw new IntakeError('invalid_profile', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
    const user = await this.accounts.get(actor.userId!);
    const row = this.dataSource.getRepository(ApplicantProfile).create({
      userId: user.id,
      fullName: input.fullName.trim(),
      emailNormalised: normaliseEmail(user.email),
      dateOfBirth: input.dateOfBirth,
      postcode: normalisePostcode(input.postcode)!,
      region: input.region,
      currentRole: input.currentRole,
      employerOdsCode: input.employerOdsCode ? input.employerOdsCode.toUpperCase() : null,
      phone: input.phone?.trim() ? normalisePhone(input.phone) : null,
      yearsInRole: input.yearsInRole,
      highestQualificationLevel: input.highestQualificationLevel,
      hasLevel2EnglishAndMaths: input.hasLevel2EnglishAndMaths,
      skills: input.skills,
    });
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(ApplicantProfile).save(row);
      // The profile's skills answers count in the skills audit: each save is a new row there (written by SQL, as
      // libs/workforce reads intake, not the other way), under the statement the profile page shows.
      await manager.query(
        `INSERT INTO skills_audit (user_id, source, audit_year, job_role, region, employer_ods_code, skills, consented_at, submitted_at)
         VALUES ($1, 'profile', $2, $3, $4, $5, $6, $7, $7)`,
        [row.userId, financialYearOf(now, this.config.programme.financialYearStart).label, row.currentRole, row.region, row.employerOdsCode, row.skills, now],
      );
    });
    return view(row);
  }

  /** Problems with a profile beyond its shape: codes from config, plausible dates, a full skills assessment. */
  check(input: ProfileInput, today = this.clock.now()): FieldProblem[] {
    const w = this.config.workforce;
    const problems = this.checkAnswers(input, today);
    if (input.phone?.trim() && !normalisePhone(input.phone)) problems.push({ field: 'phone', message: 'must be a UK phone number, like 07700 900123' });
    const codes = w.competencies.map((c) => c.code);
    for (const code of codes) {
      const rating = input.skills?.[code];
      if (rating === undefined) problems.push({ field: `skills.${code}`, message: 'must be rated from 1 to 4' });
      else if (!Number.isInteger(rating) || rating < 1 || rating > 4) problems.push({ field: `skills.${code}`, message: 'must be a whole number from 1 to 4' });
    }
    for (const key of Object.keys(input.skills ?? {})) {
      if (!codes.includes(key)) problems.push({ field: `skills.${key}`, message: `is not a competency; use ${codes.join(', ')}` });
    }
    return problems;
  }

  /**
   * The same checks for just the answers given (the eligibility checker asks
   * one question a page, and never about skills): a field left out is not judged.
   */
  checkAnswers(input: Partial<Pick<ProfileInput, 'dateOfBirth' | 'postcode' | 'region' | 'currentRole' | 'employerOdsCode'>>, today = this.clock.now()): FieldProblem[] {
    const w = this.config.workforce;
    const problems: FieldProblem[] = [];
    if (input.postcode !== undefined && !normalisePostcode(input.postcode)) problems.push({ field: 'postcode', message: 'must be a UK postcode, like LS1 4AP' });
    const where = places(w);
    if (input.region !== undefined && !where.some((r) => r.code === input.region)) problems.push({ field: 'region', message: `must be one of ${where.map((r) => r.code).join(', ')}` });
    if (input.currentRole !== undefined && !w.currentRoles.some((r) => r.code === input.currentRole)) {
      problems.push({ field: 'currentRole', message: `must be one of ${w.currentRoles.map((r) => r.code).join(', ')}` });
    }
    if (input.employerOdsCode && !ODS_CODE.test(input.employerOdsCode.toUpperCase())) {
      problems.push({ field: 'employerOdsCode', message: 'must be an ODS code: a letter and five digits, like A81001' });
    }
    if (input.dateOfBirth !== undefined) {
      const dob = new Date(`${input.dateOfBirth}T00:00:00Z`);
      if (Number.isNaN(dob.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(input.dateOfBirth)) {
        problems.push({ field: 'dateOfBirth', message: 'must be a date, like 1990-04-23' });
      } else if (dob > today) {
        problems.push({ field: 'dateOfBirth', message: 'must be in the past' });
      } else if (today.getUTCFullYear() - dob.getUTCFullYear() > OLDEST_YEARS) {
        problems.push({ field: 'dateOfBirth', message: `must be within the last ${OLDEST_YEARS} years` });
      }
    }
    return problems;
  }
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

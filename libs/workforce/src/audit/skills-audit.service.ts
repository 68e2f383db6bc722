import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { financialYearOf } from '@app/budget';
import { AppConfig, Clock, places } from '@app/config';
import type { FieldProblem } from '@app/http';
import { SkillsAudit } from '../entities';
import { WorkforceError } from '../workforce.error';

/** An employer's ODS code: a letter and five digits (as the practice file and the profile have it). */
export const ODS_CODE = /^[A-Z][0-9]{5}$/;

/** One self-assessment as the person gives it. */
export interface SkillsAuditInput {
  currentRole: string;
  region: string;
  employerOdsCode?: string | null;
  /** Each competency code in config/workforce.yaml rated 1 (new to it) to 4 (could teach it). */
  skills: Record<string, number>;
  /** The person agreed to the statement of what the answers are used for. */
  consent: boolean;
}

/** One self-assessment as kept. */
export interface SkillsAuditView {
  id: string;
  source: 'audit' | 'profile';
  auditYear: string;
  currentRole: string;
  region: string;
  employerOdsCode: string | null;
  skills: Record<string, number>;
  consentedAt: string;
  submittedAt: string;
}

/** The answers of an audit being filled in page by page, every value as typed. */
export interface SkillsAuditDraft {
  consent?: string;
  currentRole?: string;
  region?: string;
  employerOdsCode?: string;
  skills?: Record<string, string>;
}

/**
 * The skills audit: a self-assessment against the competency framework that
 * anyone signed in may complete, whether or not they apply for a bursary.
 * Every submission is a new skills_audit row (nothing is updated in place), so
 * a person's change over time is their rows in order.
 */
@Injectable()
export class SkillsAuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The audit year (financial year label, "2026-27") a moment falls in. */
  auditYearOf(at: Date = this.clock.now()): string {
    return financialYearOf(at, this.config.programme.financialYearStart).label;
  }

  /** Records a new self-assessment for `userId`; every bad field is named (WorkforceError 'invalid_skills_audit'). */
  async record(userId: string, input: SkillsAuditInput): Promise<SkillsAuditView> {
    const problems = this.check(input);
    if (problems.length) throw new WorkforceError('invalid_skills_audit', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.insert(manager, userId, input);
      // The journey's answers are spent once they are an audit.
      await manager.query(`DELETE FROM skills_audit_draft WHERE user_id = $1`, [userId]);
      return row;
    });
  }

  /** Every self-assessment of the person, newest first (audits and profile saves alike). */
  async history(userId: string): Promise<SkillsAuditView[]> {
    const rows = await this.dataSource.getRepository(SkillsAudit).find({ where: { userId }, order: { submittedAt: 'DESC', id: 'ASC' } });
    return rows.map(view);
  }

  /** The person's newest self-assessment, or null. */
  async latest(userId: string): Promise<SkillsAuditView | null> {
    const [row] = await this.dataSource.getRepository(SkillsAudit).find({ where: { userId }, order: { submittedAt: 'DESC', id: 'ASC' }, take: 1 });
    return row ? view(row) : null;
  }

  /**
   * The answers to start a journey from: the journey in progress, else the
   * newest audit, else the applicant profile (role, region, practice, skills),
   * else nothing. Consent is never carried over: it is asked each time.
   */
  async startingAnswers(userId: string): Promise<SkillsAuditDraft> {
    const [draft] = await this.dataSource.query(`SELECT answers FROM skills_audit_draft WHERE user_id = $1`, [userId]);
    if (draft) return draft.answers as SkillsAuditDraft;
    const latest = await this.latest(userId);
    const [profile] = latest ? [] : await this.dataSource.query(`SELECT job_role, region, employer_ods_code, skills FROM applicant_profile WHERE user_id = $1`, [userId]);
    const from = latest ?? (profile ? { currentRole: profile.job_role, region: profile.region, employerOdsCode: profile.employer_ods_code, skills: profile.skills ?? {} } : null);
    if (!from) return {};
    return {
      currentRole: from.currentRole,
      region: from.region,
      employerOdsCode: from.employerOdsCode ?? '',
      skills: Object.fromEntries(Object.entries(from.skills as Record<string, number>).map(([k, v]) => [k, String(v)])),
    };
  }

  /** Merges `answers` into the person's journey in progress; returns the whole of it. */
  async saveDraft(userId: string, answers: SkillsAuditDraft): Promise<SkillsAuditDraft> {
    const current = await this.startingAnswers(userId);
    const merged = { ...current, ...answers };
    await this.dataSource.query(
      `INSERT INTO skills_audit_draft (user_id, answers, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET answers = EXCLUDED.answers, updated_at = EXCLUDED.updated_at`,
      [userId, merged, this.clock.now()],
    );
    return merged;
  }

  /** Problems with a self-assessment: codes from config/workforce.yaml, every competency rated 1-4, consent given. */
  check(input: SkillsAuditInput): FieldProblem[] {
    const w = this.config.workforce;
    const problems: FieldProblem[] = [];
    if (input.consent !== true) problems.push({ field: 'consent', message: 'must be given: the audit is kept only with your agreement' });
    if (!w.currentRoles.some((r) => r.code === input.currentRole)) problems.push({ field: 'currentRole', message: `must be one of ${w.currentRoles.map((r) => r.code).join(', ')}` });
    const where = places(w);
    if (!where.some((r) => r.code === input.region)) problems.push({ field: 'region', message: `must be one of ${where.map((r) => r.code).join(', ')}` });
    if (input.employerOdsCode && !ODS_CODE.test(String(input.employerOdsCode).trim().toUpperCase())) {
      problems.push({ field: 'employerOdsCode', message: 'must be an ODS code: a letter and five digits, like A81001' });
    }
    const codes = w.competencies.map((c) => c.code);
    const skills = input.skills && typeof input.skills === 'object' ? input.skills : {};
    for (const code of codes) {
      const rating = skills[code];
      if (rating === undefined || rating === null) problems.push({ field: `skills.${code}`, message: 'must be rated from 1 to 4' });
      else if (!Number.isInteger(rating) || rating < 1 || rating > 4) problems.push({ field: `skills.${code}`, message: 'must be a whole number from 1 to 4' });
    }
    for (const key of Object.keys(skills)) {
      if (!codes.includes(key)) problems.push({ field: `skills.${key}`, message: `is not a competency; use ${codes.join(', ')}` });
    }
    return problems;
  }

  private async insert(manager: DataSource['manager'], userId: string, input: SkillsAuditInput): Promise<SkillsAuditView> {
    const now = this.clock.now();
    const ods = input.employerOdsCode ? String(input.employerOdsCode).trim().toUpperCase() : null;
    const repo = manager.getRepository(SkillsAudit);
    const row = repo.create({
      userId,
      source: 'audit',
      auditYear: this.auditYearOf(now),
      currentRole: input.currentRole,
      region: input.region,
      employerOdsCode: ods,
      skills: Object.fromEntries(this.config.workforce.competencies.map((c) => [c.code, input.skills[c.code]])),
      consentedAt: now,
      submittedAt: now,
    });
    await repo.insert(row);
    return view(row);
  }
}

function view(r: SkillsAudit): SkillsAuditView {
  return {
    id: r.id,
    source: r.source,
    auditYear: r.auditYear,
    currentRole: r.currentRole,
    region: r.region,
    employerOdsCode: r.employerOdsCode,
    skills: r.skills,
    consentedAt: r.consentedAt.toISOString(),
    submittedAt: r.submittedAt.toISOString(),
  };
}

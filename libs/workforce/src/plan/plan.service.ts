import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import type { FieldProblem } from '@app/http';
import { actorColumns, recordAudit, type Actor } from '@app/identity';
import type { AreaTarget, PlanKind, RoleProfiles } from '../entities';
import { WorkforceError } from '../workforce.error';

export const PLAN_KINDS: readonly PlanKind[] = ['role_profiles', 'targets'];
export const PLAN_NOTE_MAX = 1000;
export const TARGET_MAX = 1_000_000;

export interface PlanVersionView<B = RoleProfiles | AreaTarget[]> {
  kind: PlanKind;
  version: number;
  body: B;
  note: string | null;
  /** The email of who saved it (null for the system, or an account since removed). */
  createdBy: string | null;
  createdAt: string;
}

interface Row {
  kind: PlanKind;
  version: number;
  body: RoleProfiles | AreaTarget[];
  note: string | null;
  created_by: string | null;
  created_at: Date;
}

const SELECT = `SELECT v.kind, v.version, v.body, v.note, a.email::text AS created_by, v.created_at
  FROM workforce_plan_version v LEFT JOIN user_account a ON a.id = v.created_by`;

function view(r: Row): PlanVersionView {
  return { kind: r.kind, version: r.version, body: r.body, note: r.note, createdBy: r.created_by, createdAt: r.created_at.toISOString() };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The programme's future needs, versioned like the rule sets: role profiles
 * (the level 1-4 each competency should reach, per role) and targets
 * (qualified practice managers each region or ICB needs). A save is a new
 * version, never an edit; the newest of a kind is current. Each save is
 * checked against workforce.yaml and the practice file, and audited.
 */
@Injectable()
export class PlanService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The current (newest) version of `kind`, or null when none has been saved. */
  async current(kind: PlanKind): Promise<PlanVersionView | null> {
    const [row] = await this.dataSource.query(`${SELECT} WHERE v.kind = $1 ORDER BY v.version DESC LIMIT 1`, [kind]);
    return row ? view(row) : null;
  }

  /** Every version of `kind`, newest first. */
  async versions(kind: PlanKind): Promise<PlanVersionView[]> {
    return (await this.dataSource.query(`${SELECT} WHERE v.kind = $1 ORDER BY v.version DESC`, [kind])).map(view);
  }

  /** One version; WorkforceError plan_version_not_found when there is no such version. */
  async version(kind: PlanKind, n: number): Promise<PlanVersionView> {
    const [row] = Number.isInteger(n) ? await this.dataSource.query(`${SELECT} WHERE v.kind = $1 AND v.version = $2`, [kind, n]) : [];
    if (!row) throw new WorkforceError('plan_version_not_found', `There is no version ${n} of the ${kind === 'role_profiles' ? 'role profiles' : 'targets'}`);
    return view(row);
  }

  /**
   * Saves `body` as the next version of `kind` (one transaction, audited with
   * the version before). WorkforceError plan_invalid names every bad field.
   */
  async save(kind: PlanKind, body: unknown, note: unknown, actor: Actor): Promise<PlanVersionView> {
    const icbs = kind === 'targets' ? await this.icbCodes() : new Set<string>();
    const problems = [...(kind === 'role_profiles' ? this.roleProfileProblems(body) : this.targetProblems(body, icbs)), ...noteProblems(note)];
    if (problems.length) throw new WorkforceError('plan_invalid', `The ${kind === 'role_profiles' ? 'role profiles' : 'targets'} have ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
    return this.dataSource.transaction((m) => this.append(m, kind, () => body as RoleProfiles | AreaTarget[], note, actor));
  }

  /**
   * Sets one role's levels (`levels`: competency -> 1-4; a competency left out
   * has no required level) in a new version of the role profiles, keeping the
   * other roles as the current version has them, read under the same lock.
   */
  async saveRoleProfile(role: string, levels: Record<string, number>, note: unknown, actor: Actor): Promise<PlanVersionView> {
    const problems = [...this.roleProfileProblems({ [role]: levels }), ...noteProblems(note)];
    if (problems.length) throw new WorkforceError('plan_invalid', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
    return this.dataSource.transaction((m) => this.append(m, 'role_profiles', (before) => ({ ...((before as RoleProfiles | null) ?? {}), [role]: levels }), note, actor));
  }

  private async append(m: EntityManager, kind: PlanKind, next: (before: RoleProfiles | AreaTarget[] | null) => RoleProfiles | AreaTarget[], note: unknown, actor: Actor): Promise<PlanVersionView> {
    // One saver at a time per kind: the next version number and the body it builds on are read under the lock.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('workforce_plan_version'), hashtext($1))`, [kind]);
    const [last] = await m.query(`SELECT version, body FROM workforce_plan_version WHERE kind = $1 ORDER BY version DESC LIMIT 1`, [kind]);
    const body = next(last?.body ?? null);
    const version = (last?.version ?? 0) + 1;
    const text = typeof note === 'string' && note.trim() ? note.trim() : null;
    await m.query(`INSERT INTO workforce_plan_version (kind, version, body, note, created_by) VALUES ($1, $2, $3, $4, $5)`, [kind, version, JSON.stringify(body), text, actorColumns(actor).actorId]);
    await recordAudit(m, actor, {
      action: `workforce_plan.${kind}_saved`,
      target: { type: 'workforce_plan_version', id: `${kind}/${version}` },
      before: last ? { version: last.version, body: last.body } : null,
      after: { version, body, note: text },
    });
    const [row] = await m.query(`${SELECT} WHERE v.kind = $1 AND v.version = $2`, [kind, version]);
    return view(row);
  }

  private roleProfileProblems(body: unknown): FieldProblem[] {
    if (!isObject(body)) return [{ field: 'body', message: 'must be an object of role codes, each an object of competency codes to levels 1-4' }];
    const roles = new Set(this.config.workforce.currentRoles.map((r) => r.code));
    const competencies = new Set(this.config.workforce.competencies.map((c) => c.code));
    const problems: FieldProblem[] = [];
    for (const [role, levels] of Object.entries(body)) {
      if (!roles.has(role)) {
        problems.push({ field: role, message: `is not a role code in config/workforce.yaml (${[...roles].join(', ')})` });
        continue;
      }
      if (!isObject(levels)) {
        problems.push({ field: role, message: 'must be an object of competency codes to levels 1-4' });
        continue;
      }
      for (const [competency, level] of Object.entries(levels)) {
        if (!competencies.has(competency)) problems.push({ field: `${role}.${competency}`, message: `is not a competency code in config/workforce.yaml (${[...competencies].join(', ')})` });
        else if (!Number.isInteger(level) || (level as number) < 1 || (level as number) > 4) problems.push({ field: `${role}.${competency}`, message: 'must be a level from 1 to 4' });
      }
    }
    return problems;
  }

  private targetProblems(body: unknown, icbs: Set<string>): FieldProblem[] {
    if (!Array.isArray(body)) return [{ field: 'body', message: 'must be a list of {areaKind, areaCode, qualifiedNeeded}' }];
    const regions = new Set(this.config.workforce.regions.map((r) => r.code));
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    body.forEach((t: unknown, i) => {
      const at = `targets[${i}]`;
      if (!isObject(t)) return problems.push({ field: at, message: 'must be {areaKind, areaCode, qualifiedNeeded}' });
      if (t.areaKind !== 'region' && t.areaKind !== 'icb') problems.push({ field: `${at}.areaKind`, message: 'must be region or icb' });
      else if (t.areaKind === 'region' && !regions.has(t.areaCode as string)) problems.push({ field: `${at}.areaCode`, message: `must be a region code from config/workforce.yaml (${[...regions].join(', ')})` });
      else if (t.areaKind === 'icb' && !icbs.has(t.areaCode as string)) problems.push({ field: `${at}.areaCode`, message: 'must be an ICB code in the practice file' });
      else if (seen.has(`${t.areaKind}|${t.areaCode}`)) problems.push({ field: `${at}.areaCode`, message: `${String(t.areaCode)} has a target already` });
      else seen.add(`${t.areaKind}|${t.areaCode}`);
      const n = t.qualifiedNeeded;
      if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > TARGET_MAX) problems.push({ field: `${at}.qualifiedNeeded`, message: `must be a whole number from 0 to ${TARGET_MAX.toLocaleString('en-GB')}` });
      const extra = Object.keys(t).filter((k) => !['areaKind', 'areaCode', 'qualifiedNeeded'].includes(k));
      if (extra.length) problems.push({ field: `${at}.${extra[0]}`, message: 'is not a target field (areaKind, areaCode, qualifiedNeeded)' });
      return undefined;
    });
    return problems;
  }

  private async icbCodes(): Promise<Set<string>> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT DISTINCT icb_code AS code FROM practice WHERE icb_code IS NOT NULL`);
    return new Set(rows.map((r) => r.code));
  }
}

function noteProblems(note: unknown): FieldProblem[] {
  if (note === undefined || note === null) return [];
  if (typeof note !== 'string') return [{ field: 'note', message: 'must be text' }];
  return note.trim().length > PLAN_NOTE_MAX ? [{ field: 'note', message: `must be ${PLAN_NOTE_MAX} characters or fewer` }] : [];
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { AUDIT_AREA_JOIN, AUDIT_AREA_SQL } from '../areas';
import type { AreaKind, RoleProfiles } from '../entities';
import { previousAuditYear, suppressed } from '../suppression';

export interface GapQuery {
  /** Financial year label of the audits, "2026-27". */
  auditYear: string;
  areaKind: AreaKind;
  /** Only this region or ICB. */
  areaCode?: string;
  /** Only this role code. */
  role?: string;
}

/**
 * One competency in one area for one role. When fewer than MIN_CELL_PEOPLE
 * people are counted every figure is null and `suppressed` is true: the
 * count itself is withheld too.
 */
export interface GapCell {
  competency: string;
  areaKind: AreaKind;
  areaCode: string;
  areaName: string;
  role: string;
  people: number | null;
  /** Mean self-rated level, 1-4, to 2 decimal places. */
  averageLevel: number | null;
  /** Share of people rating themselves 1 or 2, 0-1, to 3 decimal places. */
  shareAtOneOrTwo: number | null;
  /** The role profile's level for this competency; null when no profile sets one. */
  requiredLevel: number | null;
  /** requiredLevel - averageLevel, to 2 decimal places (positive: short of it); null without both. */
  gap: number | null;
  /** averageLevel minus the previous audit year's, when both years can be shown. */
  changeSinceLastYear: number | null;
  suppressed: boolean;
}

interface RawCell {
  competency: string;
  area_code: string;
  role: string;
  people: number;
  average: number;
  low: number;
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * The skills gap: each person's newest self-assessment in an audit year,
 * grouped by competency, area and role, against the current role profiles.
 * Everything about suppression is decided here, so pages, exports and the
 * API cannot differ.
 */
@Injectable()
export class GapService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async cells(query: GapQuery): Promise<GapCell[]> {
    const [now, before, profiles, names] = await Promise.all([
      this.raw(query, query.auditYear),
      this.raw(query, previousAuditYear(query.auditYear)),
      this.currentRoleProfiles(),
      this.areaNames(query.areaKind),
    ]);
    const key = (c: RawCell) => `${c.competency}|${c.area_code}|${c.role}`;
    const last = new Map(before.map((c) => [key(c), c]));
    const order = new Map(this.config.workforce.competencies.map((c, i) => [c.code, i]));
    return now
      .filter((c) => order.has(c.competency))
      .map((c): GapCell => {
        const hidden = suppressed(c.people);
        const required = profiles?.[c.role]?.[c.competency] ?? null;
        const average = round(c.average, 2);
        const previous = last.get(key(c));
        const change = !hidden && previous && !suppressed(previous.people) ? round(c.average - previous.average, 2) : null;
        return {
          competency: c.competency,
          areaKind: query.areaKind,
          areaCode: c.area_code,
          areaName: names.get(c.area_code) ?? c.area_code,
          role: c.role,
          people: hidden ? null : c.people,
          averageLevel: hidden ? null : average,
          shareAtOneOrTwo: hidden ? null : round(c.low / c.people, 3),
          requiredLevel: required,
          gap: hidden || required === null ? null : round(required - c.average, 2),
          changeSinceLastYear: change,
          suppressed: hidden,
        };
      })
      .sort((a, b) => a.areaName.localeCompare(b.areaName) || a.role.localeCompare(b.role) || order.get(a.competency)! - order.get(b.competency)!);
  }

  /** The newest role profiles version's body, or null when none has been set. */
  async currentRoleProfiles(): Promise<RoleProfiles | null> {
    const [row] = await this.dataSource.query(`SELECT body FROM workforce_plan_version WHERE kind = 'role_profiles' ORDER BY version DESC LIMIT 1`);
    return (row?.body as RoleProfiles) ?? null;
  }

  /** The NHS England region codes: the only areas of kind region, so nations outside England given as a region are left out. */
  regionCodes(): string[] {
    return this.config.workforce.regions.map((r) => r.code);
  }

  /** Region names from workforce.yaml; ICB names from the practice file (the code when it gives none). */
  async areaNames(kind: AreaKind): Promise<Map<string, string>> {
    if (kind === 'region') return new Map(this.config.workforce.regions.map((r) => [r.code, r.name]));
    const rows: { code: string; name: string | null }[] = await this.dataSource.query(
      `SELECT icb_code AS code, max(icb_name) AS name FROM practice WHERE icb_code IS NOT NULL GROUP BY icb_code`,
    );
    return new Map(rows.map((r) => [r.code, r.name ?? r.code]));
  }

  private async raw(query: GapQuery, auditYear: string): Promise<RawCell[]> {
    const area = AUDIT_AREA_SQL[query.areaKind];
    const params: unknown[] = [auditYear];
    const where: string[] = [`l.area_code IS NOT NULL`];
    // Someone who answered Wales, Scotland or Northern Ireland is in no NHS England region.
    if (query.areaKind === 'region') where.push(`l.area_code = ANY($${params.push(this.regionCodes())})`);
    if (query.areaCode) where.push(`l.area_code = $${params.push(query.areaCode)}`);
    if (query.role) where.push(`l.job_role = $${params.push(query.role)}`);
    return this.dataSource.query(
      `WITH latest AS (
         SELECT DISTINCT ON (sa.user_id) sa.user_id, sa.job_role, sa.skills, ${area} AS area_code
         FROM skills_audit sa ${AUDIT_AREA_JOIN}
         WHERE sa.audit_year = $1
         ORDER BY sa.user_id, sa.submitted_at DESC, sa.id DESC
       )
       SELECT s.key AS competency, l.area_code, l.job_role AS role, count(*)::int AS people,
              avg(s.value::int)::float8 AS average, (count(*) FILTER (WHERE s.value::int <= 2))::int AS low
       FROM latest l CROSS JOIN LATERAL jsonb_each_text(l.skills) s
       WHERE ${where.join(' AND ')} AND s.value ~ '^[1-4]$'
       GROUP BY s.key, l.area_code, l.job_role`,
      params,
    );
  }
}

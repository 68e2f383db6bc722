import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { AuditService, type Actor } from '@app/identity';
import { DECIDABLE_STATUSES, IntakeError, priorityBreakdown, priorityParts, SubmissionPriority, type GapPriorityPart, type PriorityBreakdown, type PriorityPart } from '@app/intake';
import { PROFILE_AREA_JOIN, PROFILE_AREA_SQL } from '../areas';
import type { AreaKind } from '../entities';
import { GapService, type GapCell } from '../gap/gap.service';
import { gapPoints } from './gap-points';
import { compareOrders, DEFAULT_PRIORITY_SETTING, prioritySettingProblems, type PriorityPreview, type PrioritySettingInput, type PrioritySettingView } from './priority-setting';

/** An application whose score the setting decides: its profile, area and the qualification's competencies. */
interface ScoredRow {
  id: string;
  reference: string;
  status: string;
  submitted_at: Date | null;
  priority_score: number | null;
  priority_breakdown: PriorityBreakdown | null;
  region: string | null;
  job_role: string | null;
  highest_qualification_level: number | null;
  icb_code: string | null;
  area_region: string | null;
  competencies: string[];
}

const SCORED_SELECT = `
  SELECT a.id, a.reference, a.status, a.submitted_at, a.priority_score, a.priority_breakdown,
         p.region, p.job_role, p.highest_qualification_level,
         ${PROFILE_AREA_SQL.icb} AS icb_code, ${PROFILE_AREA_SQL.region} AS area_region, q.competencies
  FROM application a
  JOIN qualification q ON q.id = a.qualification_id
  LEFT JOIN applicant_profile p ON p.user_id = a.applicant_id
  ${PROFILE_AREA_JOIN}`;

/** The gap cells of one audit year, by area and role, then competency. */
type CellIndex = Map<string, Map<string, GapCell>>;

const settingView = (r: Record<string, unknown>): PrioritySettingView => ({
  version: r.version as number,
  gapWeighting: r.gap_weighting as boolean,
  maxPoints: r.max_points as number,
  areaKind: r.area_kind as AreaKind,
  changedBy: r.changed_by ? { id: r.changed_by as string, name: (r.changed_by_name as string) ?? 'A former user' } : null,
  changedAt: (r.changed_at as Date).toISOString(),
  note: (r.note as string) ?? null,
});

/**
 * Gap-weighted review priority: the programme's setting (versioned, newest
 * current), the what-if of switching it on, switching it on or off (every
 * undecided application rescored in the same transaction), and the gap part
 * of each new submission (intake asks through SubmissionPriority).
 */
@Injectable()
export class GapPriorityService extends SubmissionPriority {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly gaps: GapService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** The current setting; the default (off) before anyone has chosen. */
  async current(manager: EntityManager = this.dataSource.manager, lock = false): Promise<PrioritySettingView> {
    const [row] = await manager.query(
      `SELECT s.*, u.full_name AS changed_by_name FROM priority_setting s LEFT JOIN user_account u ON u.id = s.changed_by
       ORDER BY s.version DESC LIMIT 1${lock ? ' FOR SHARE OF s' : ''}`,
    );
    return row ? settingView(row) : DEFAULT_PRIORITY_SETTING;
  }

  /** Every version, newest first. */
  async history(): Promise<PrioritySettingView[]> {
    const rows = await this.dataSource.query(`SELECT s.*, u.full_name AS changed_by_name FROM priority_setting s LEFT JOIN user_account u ON u.id = s.changed_by ORDER BY s.version DESC`);
    return rows.map(settingView);
  }

  /** How the queue (every submitted, undecided application) would reorder with gap weighting on at these settings. Nothing is written. */
  async preview(input: { maxPoints: number; areaKind: AreaKind }): Promise<PriorityPreview> {
    refuse(prioritySettingProblems({ ...input, gapWeighting: true }));
    const rows: ScoredRow[] = await this.dataSource.query(`${SCORED_SELECT} WHERE a.status = ANY($1)`, [DECIDABLE_STATUSES]);
    const { auditYear, index } = await this.cellIndex(input.areaKind);
    const lines = compareOrders(
      rows.map((r) => {
        const b = this.breakdown(r, { version: 0, maxPoints: input.maxPoints, areaKind: input.areaKind }, auditYear, index);
        return { id: r.id, reference: r.reference, status: r.status, submittedAt: r.submitted_at?.toISOString() ?? null, currentScore: r.priority_score, newScore: b.total, gapPoints: b.gap?.points ?? 0 };
      }),
    );
    return { maxPoints: input.maxPoints, areaKind: input.areaKind, auditYear, lines, moved: lines.filter((l) => l.movedBy !== 0).length };
  }

  /**
   * Saves a new version of the setting and, in the same transaction,
   * rescores every submitted, undecided application: with the gap part when
   * on, the fixed weights alone when off. Submissions wait for it (they read
   * the setting FOR SHARE), so none is scored under the old setting after.
   */
  async set(input: PrioritySettingInput, actor: Actor): Promise<{ setting: PrioritySettingView; rescored: number }> {
    refuse(prioritySettingProblems(input));
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`LOCK TABLE priority_setting IN EXCLUSIVE MODE`);
      const before = await this.current(manager);
      const version = before.version + 1;
      await manager.query(
        `INSERT INTO priority_setting (version, gap_weighting, max_points, area_kind, changed_by, changed_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [version, input.gapWeighting, input.maxPoints, input.areaKind, actor.userId ?? null, this.clock.now(), input.note?.trim() || null],
      );
      const rows: ScoredRow[] = await manager.query(`${SCORED_SELECT} WHERE a.status = ANY($1) ORDER BY a.id FOR UPDATE OF a`, [DECIDABLE_STATUSES]);
      const { auditYear, index } = input.gapWeighting ? await this.cellIndex(input.areaKind) : { auditYear: null, index: new Map() as CellIndex };
      const scored = rows.map((r) => ({ id: r.id, b: this.breakdown(r, input.gapWeighting ? { version, maxPoints: input.maxPoints, areaKind: input.areaKind } : null, auditYear, index) }));
      if (scored.length) {
        await manager.query(
          `UPDATE application a SET priority_score = s.score, priority_breakdown = s.breakdown
           FROM unnest($1::uuid[], $2::smallint[], $3::jsonb[]) AS s(id, score, breakdown) WHERE a.id = s.id`,
          [scored.map((s) => s.id), scored.map((s) => s.b.total), scored.map((s) => JSON.stringify(s.b))],
        );
      }
      const after = { gapWeighting: input.gapWeighting, maxPoints: input.maxPoints, areaKind: input.areaKind, version, rescored: scored.length };
      await this.audit.record(manager, actor, {
        action: 'priority_setting.changed',
        target: { type: 'priority_setting', id: String(version) },
        before: { gapWeighting: before.gapWeighting, maxPoints: before.maxPoints, areaKind: before.areaKind, version: before.version },
        after,
      });
      return { setting: await this.current(manager), rescored: scored.length };
    });
  }

  /** The gap part for an application being submitted, when gap weighting is on (inside the submission's transaction). */
  async gapPart(manager: EntityManager, applicationId: string): Promise<GapPriorityPart | null> {
    const setting = await this.current(manager, true);
    if (!setting.gapWeighting) return null;
    const [row]: ScoredRow[] = await manager.query(`${SCORED_SELECT} WHERE a.id = $1`, [applicationId]);
    if (!row) return null;
    const { auditYear, index } = await this.cellIndex(setting.areaKind, row);
    return this.breakdown(row, setting, auditYear, index).gap;
  }

  /** The fixed parts (as stored at submission when kept, else from the profile now) and the gap part under `setting` (null: off). */
  private breakdown(r: ScoredRow, setting: { version: number; maxPoints: number; areaKind: AreaKind } | null, auditYear: string | null, index: CellIndex): PriorityBreakdown {
    const w = this.config.workforce;
    const fixed: PriorityPart[] =
      r.priority_breakdown?.fixed ?? priorityParts({ region: r.region ?? '', currentRole: r.job_role ?? '', highestQualificationLevel: r.highest_qualification_level ?? 0 }, w);
    if (!setting) return priorityBreakdown(fixed, null);
    const role = r.job_role ?? '';
    const g = gapPoints({
      competencies: r.competencies ?? [],
      competencyNames: new Map(w.competencies.map((c) => [c.code, c.name])),
      maxPoints: setting.maxPoints,
      areaKind: setting.areaKind,
      icb: r.icb_code ? (index.get(`icb|${r.icb_code}|${role}`) ?? new Map()) : null,
      region: r.area_region ? (index.get(`region|${r.area_region}|${role}`) ?? new Map()) : null,
    });
    return priorityBreakdown(fixed, {
      points: g.points,
      maxPoints: setting.maxPoints,
      settingVersion: setting.version,
      areaKind: setting.areaKind,
      auditYear,
      role,
      roleName: w.currentRoles.find((c) => c.code === role)?.name ?? role,
      meanPositiveGap: g.meanPositiveGap,
      competencies: g.competencies,
    });
  }

  /** The newest audit year's gap cells (region, and ICB when asked), indexed by kind, area and role; only one applicant's areas when `only` is given. */
  private async cellIndex(areaKind: AreaKind, only?: ScoredRow): Promise<{ auditYear: string | null; index: CellIndex }> {
    const [{ year }] = await this.dataSource.query(`SELECT max(audit_year) AS year FROM skills_audit`);
    const index: CellIndex = new Map();
    if (!year) return { auditYear: null, index };
    const kinds: AreaKind[] = areaKind === 'icb' ? ['icb', 'region'] : ['region'];
    for (const kind of kinds) {
      const areaCode = only ? (kind === 'icb' ? only.icb_code : only.area_region) : undefined;
      if (only && !areaCode) continue;
      const cells = await this.gaps.cells({ auditYear: year, areaKind: kind, ...(areaCode ? { areaCode } : {}), ...(only?.job_role ? { role: only.job_role } : {}) });
      for (const c of cells) {
        const key = `${kind}|${c.areaCode}|${c.role}`;
        if (!index.has(key)) index.set(key, new Map());
        index.get(key)!.set(c.competency, c);
      }
    }
    return { auditYear: year, index };
  }
}

function refuse(problems: { field: string; message: string }[]): void {
  if (problems.length) throw new IntakeError('invalid_priority_setting', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
}

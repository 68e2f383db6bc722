import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AUDIT_AREA_JOIN, AUDIT_AREA_SQL } from '../areas';
import type { AreaKind } from '../entities';
import { suppressed } from '../suppression';
import { GapService } from './gap.service';

export interface CoverageQuery {
  /** Financial year label of the audits, "2026-27". */
  auditYear: string;
  areaKind: AreaKind;
  /** Only people whose role (in their newest audit of the year) is this. */
  role?: string;
}

/** One region or ICB: how much of its real workforce the system knows. */
export interface CoverageRow {
  areaKind: AreaKind;
  areaCode: string;
  areaName: string;
  /**
   * Distinct people whose newest skills audit in the year (an audit of their
   * own or an applicant's profile) places them in this area; null when
   * fewer than MIN_CELL_PEOPLE (suppressed).
   */
  knownPeople: number | null;
  /** Practice managers in the area by the newest official count upload; null when it gives none. */
  officialCount: number | null;
  /** knownPeople / officialCount, 0-1 to 3 places; null when either is missing or the count is 0. */
  shareKnown: number | null;
  /** Mean gap (required minus average level) over the area's gap cells that are shown; null when none is. */
  averageGap: number | null;
  /** How many of the area's gap cells are shown (not suppressed) and have a required level. */
  gapCells: number;
  suppressed: boolean;
}

export interface CountUploadInfo {
  id: string;
  source: string;
  period: string;
  uploadedAt: Date;
}

export interface Coverage {
  auditYear: string;
  areaKind: AreaKind;
  /** The official count used (the newest upload); null when none has been uploaded. */
  upload: CountUploadInfo | null;
  rows: CoverageRow[];
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * Coverage: the people the system knows in each area against the official
 * count of practice managers there. "Known" is everyone with a skills audit
 * in the year, placed the one way every report places people (AUDIT_AREA_SQL);
 * applicants' profiles are skills audit rows too (source 'profile'), so they
 * count once, as the same person. Areas are those in the official count or
 * with anyone known. Set beside each area's average gap: where the programme
 * is blind.
 */
@Injectable()
export class CoverageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gaps: GapService,
  ) {}

  async coverage(query: CoverageQuery): Promise<Coverage> {
    const [known, upload, names, cells] = await Promise.all([
      this.known(query),
      this.newestUpload(),
      this.gaps.areaNames(query.areaKind),
      this.gaps.cells({ auditYear: query.auditYear, areaKind: query.areaKind, role: query.role }),
    ]);
    const official = upload ? await this.official(upload.id, query.areaKind) : new Map<string, number>();
    const gapsByArea = new Map<string, number[]>();
    for (const c of cells) {
      if (c.gap === null) continue;
      gapsByArea.set(c.areaCode, [...(gapsByArea.get(c.areaCode) ?? []), c.gap]);
    }
    const codes = [...new Set([...official.keys(), ...known.keys()])];
    const rows = codes.map((code): CoverageRow => {
      const people = known.get(code) ?? 0;
      const hidden = suppressed(people);
      const count = official.get(code) ?? null;
      const gaps = gapsByArea.get(code) ?? [];
      return {
        areaKind: query.areaKind,
        areaCode: code,
        areaName: names.get(code) ?? code,
        knownPeople: hidden ? null : people,
        officialCount: count,
        shareKnown: hidden || count === null || count === 0 ? null : round(people / count, 3),
        averageGap: gaps.length ? round(gaps.reduce((a, b) => a + b, 0) / gaps.length, 2) : null,
        gapCells: gaps.length,
        suppressed: hidden,
      };
    });
    rows.sort((a, b) => a.areaName.localeCompare(b.areaName));
    return { auditYear: query.auditYear, areaKind: query.areaKind, upload, rows };
  }

  /** The current official count: the newest upload. */
  async newestUpload(): Promise<CountUploadInfo | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, source, period, uploaded_at AS "uploadedAt" FROM workforce_count_upload ORDER BY uploaded_at DESC, id DESC LIMIT 1`,
    );
    return (row as CountUploadInfo | undefined) ?? null;
  }

  private async official(uploadId: string, kind: AreaKind): Promise<Map<string, number>> {
    const rows: { code: string; n: string }[] = await this.dataSource.query(
      `SELECT area_code AS code, practice_managers AS n FROM workforce_count WHERE upload_id = $1 AND area_kind = $2`,
      [uploadId, kind],
    );
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  private async known(query: CoverageQuery): Promise<Map<string, number>> {
    const params: unknown[] = [query.auditYear];
    const role = query.role ? `AND l.job_role = $${params.push(query.role)}` : '';
    const inRegion = query.areaKind === 'region' ? `AND l.area_code = ANY($${params.push(this.gaps.regionCodes())})` : '';
    const rows: { code: string; people: number }[] = await this.dataSource.query(
      `WITH latest AS (
         SELECT DISTINCT ON (sa.user_id) sa.user_id, sa.job_role, ${AUDIT_AREA_SQL[query.areaKind]} AS area_code
         FROM skills_audit sa ${AUDIT_AREA_JOIN}
         WHERE sa.audit_year = $1
         ORDER BY sa.user_id, sa.submitted_at DESC, sa.id DESC
       )
       SELECT l.area_code AS code, count(*)::int AS people FROM latest l
       WHERE l.area_code IS NOT NULL ${role} ${inRegion}
       GROUP BY l.area_code`,
      params,
    );
    return new Map(rows.map((r) => [r.code, r.people]));
  }
}

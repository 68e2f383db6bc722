import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock, loadWorkforce, projectRoot, type WorkforceFramework } from '@app/config';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '@app/identity';
import { parseEpraccur, parseOrganisationNames, parsePcnMembers, type ParsedEpraccur } from './practice-files';

export type PracticeFileKind = 'epraccur' | 'icb_names' | 'pcn_members';
export const PRACTICE_FILE_KINDS: readonly PracticeFileKind[] = ['epraccur', 'icb_names', 'pcn_members'];

/** The audit action each file's load is recorded under (and "last loaded" is read from). */
const ACTION: Record<PracticeFileKind, string> = { epraccur: 'practices.epraccur_loaded', icb_names: 'practices.icb_names_loaded', pcn_members: 'practices.pcn_members_loaded' };

export interface PracticeFileResult {
  kind: PracticeFileKind;
  /** Rows the file had that were loaded. */
  loaded: number;
  /** epraccur: practices new to the table. */
  added?: number;
  /** epraccur: practices already there, brought up to date. */
  updated?: number;
  /** epraccur: practices in the table no longer in the file, now marked closed. */
  closed?: number;
  /** epraccur: rows outside the seven NHS England regions (Wales, old groupings), by National Grouping; not loaded. */
  outsideRegions?: Record<string, number>;
  /** ICB names: practices whose ICB now has a name. PCN members: practices now in a network. */
  practicesNamed?: number;
  /** ICB names / PCN members: codes in the file no practice in the table has. */
  unmatched?: number;
  /** PCN members: rows for memberships that have ended, skipped. */
  ended?: number;
}

export interface PracticeSummary {
  total: number;
  byStatus: Record<string, number>;
  /** Open practices (active, dormant or proposed) by region, every region listed. */
  byRegion: { code: string; name: string; practices: number }[];
  /** Open practices by ICB, with networks and the ICB's name where the ICB names file gave one. */
  byIcb: { code: string; name: string | null; region: string | null; practices: number; networks: number }[];
  /** ISO time each file was last loaded, or null. */
  lastLoaded: Record<PracticeFileKind, string | null>;
}

/** The rows a data-changing statement (ending RETURNING 1) touched: TypeORM answers UPDATE with [rows, count], so count in SQL. */
async function counted(manager: EntityManager, statement: string, params: unknown[]): Promise<number> {
  const [{ n }] = await manager.query(`WITH changed AS (${statement}) SELECT count(*)::int AS n FROM changed`, params);
  return n;
}

/**
 * Loads epraccur: an upsert by ODS code, in the caller's transaction. A
 * practice no longer in the file is kept and marked closed, never deleted:
 * people's employer ODS codes and past audits still point at it, and its
 * region and ICB are where they worked. An ICB name and network survive a
 * reload unless the practice moved to another ICB.
 */
export async function loadEpraccur(manager: EntityManager, parsed: ParsedEpraccur, actor: Actor, now: Date): Promise<PracticeFileResult> {
  const { rows } = parsed;
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  const upserted: { inserted: boolean }[] = await manager.query(
    `INSERT INTO practice (ods_code, name, region, icb_code, sub_icb_code, status, postcode, loaded_at)
     SELECT r.ods_code, r.name, r.region, r.icb_code, r.sub_icb_code, r.status, r.postcode, $8
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
          AS r(ods_code, name, region, icb_code, sub_icb_code, status, postcode)
     ON CONFLICT (ods_code) DO UPDATE SET
       name = EXCLUDED.name, region = EXCLUDED.region, sub_icb_code = EXCLUDED.sub_icb_code,
       status = EXCLUDED.status, postcode = EXCLUDED.postcode, loaded_at = EXCLUDED.loaded_at,
       icb_code = EXCLUDED.icb_code,
       icb_name = CASE WHEN practice.icb_code IS NOT DISTINCT FROM EXCLUDED.icb_code THEN practice.icb_name END
     RETURNING (xmax = 0) AS inserted`,
    [col('odsCode'), col('name'), col('region'), col('icbCode'), col('subIcbCode'), col('status'), col('postcode'), now],
  );
  const added = upserted.filter((r) => r.inserted).length;
  // A new practice in a known ICB takes the ICB's name from its neighbours.
  await manager.query(
    `UPDATE practice p SET icb_name = n.name
     FROM (SELECT icb_code, max(icb_name) AS name FROM practice WHERE icb_name IS NOT NULL GROUP BY icb_code) n
     WHERE p.icb_code = n.icb_code AND p.icb_name IS NULL`,
  );
  const closed = await counted(manager, `UPDATE practice SET status = 'closed', loaded_at = $2 WHERE ods_code <> ALL($1::text[]) AND status <> 'closed' RETURNING 1`, [col('odsCode'), now]);
  const result: PracticeFileResult = { kind: 'epraccur', loaded: rows.length, added, updated: rows.length - added, closed, outsideRegions: parsed.outsideRegions };
  await recordAudit(manager, actor, { action: ACTION.epraccur, target: { type: 'practice_file', id: 'epraccur' }, after: { ...result } });
  return result;
}

/** Names ICBs: every practice in an ICB the file names takes the name. Codes no practice has are counted, not kept. */
export async function loadIcbNames(manager: EntityManager, names: { code: string; name: string }[], actor: Actor): Promise<PracticeFileResult> {
  const named = await counted(manager, `UPDATE practice p SET icb_name = n.name FROM unnest($1::text[], $2::text[]) AS n(code, name) WHERE p.icb_code = n.code RETURNING 1`, [
    names.map((n) => n.code),
    names.map((n) => n.name),
  ]);
  const [{ unmatched }] = await manager.query(
    `SELECT count(*)::int AS unmatched FROM unnest($1::text[]) AS n(code) WHERE NOT EXISTS (SELECT 1 FROM practice p WHERE p.icb_code = n.code)`,
    [names.map((n) => n.code)],
  );
  const result: PracticeFileResult = { kind: 'icb_names', loaded: names.length, practicesNamed: named, unmatched };
  await recordAudit(manager, actor, { action: ACTION.icb_names, target: { type: 'practice_file', id: 'icb_names' }, after: { ...result } });
  return result;
}

/**
 * Replaces network membership: the file is the whole current membership, so
 * a practice not in it is in no network. Members the practice table does not
 * know (load epraccur first) are counted, not kept.
 */
export async function loadPcnMembers(manager: EntityManager, parsed: { members: { odsCode: string; pcnCode: string; pcnName: string }[]; ended: number }, actor: Actor): Promise<PracticeFileResult> {
  const { members } = parsed;
  const codes = members.map((m) => m.odsCode);
  await manager.query(`UPDATE practice SET pcn_code = NULL, pcn_name = NULL WHERE pcn_code IS NOT NULL AND ods_code <> ALL($1::text[])`, [codes]);
  const named = await counted(
    manager,
    `UPDATE practice p SET pcn_code = m.pcn_code, pcn_name = m.pcn_name
     FROM unnest($1::text[], $2::text[], $3::text[]) AS m(ods_code, pcn_code, pcn_name) WHERE p.ods_code = m.ods_code RETURNING 1`,
    [codes, members.map((m) => m.pcnCode), members.map((m) => m.pcnName)],
  );
  const result: PracticeFileResult = { kind: 'pcn_members', loaded: members.length, practicesNamed: named, unmatched: members.length - named, ended: parsed.ended };
  await recordAudit(manager, actor, { action: ACTION.pcn_members, target: { type: 'practice_file', id: 'pcn_members' }, after: { ...result } });
  return result;
}

/**
 * The practice reference file and what names it: NHS Digital's epraccur
 * (practices, their region, ICB and sub-ICB location), an ODS file naming
 * the ICBs, and ePCN's core partners (networks). Each upload is checked whole
 * and loaded in one transaction, or refused with every problem by line.
 */
@Injectable()
export class PracticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Checks and loads one file (`kind`); throws WorkforceError file_invalid listing every problem, having written nothing. */
  async load(kind: PracticeFileKind, text: string, actor: Actor): Promise<PracticeFileResult> {
    if (kind === 'epraccur') {
      const parsed = parseEpraccur(text, this.config.workforce.regions);
      return this.dataSource.transaction((m) => loadEpraccur(m, parsed, actor, this.clock.now()));
    }
    if (kind === 'icb_names') {
      const names = parseOrganisationNames(text);
      return this.dataSource.transaction((m) => loadIcbNames(m, names, actor));
    }
    const parsed = parsePcnMembers(text, this.clock.today());
    return this.dataSource.transaction((m) => loadPcnMembers(m, parsed, actor));
  }

  /** What is loaded: practices by status, open practices by region and by ICB, and when each file was last loaded. */
  async summary(): Promise<PracticeSummary> {
    const open = `status IN ('active', 'dormant', 'proposed')`;
    const [statuses, regions, icbs, loads] = await Promise.all([
      this.dataSource.query(`SELECT status, count(*)::int AS n FROM practice GROUP BY status`),
      this.dataSource.query(`SELECT region, count(*)::int AS n FROM practice WHERE ${open} GROUP BY region`),
      this.dataSource.query(
        `SELECT icb_code AS code, max(icb_name) AS name, mode() WITHIN GROUP (ORDER BY region) AS region,
                count(*)::int AS practices, count(DISTINCT pcn_code)::int AS networks
         FROM practice WHERE ${open} AND icb_code IS NOT NULL GROUP BY icb_code ORDER BY max(icb_name) NULLS LAST, icb_code`,
      ),
      this.dataSource.query(`SELECT action, max(at) AS at FROM audit_event WHERE action = ANY($1::text[]) GROUP BY action`, [Object.values(ACTION)]),
    ]);
    const byStatus: Record<string, number> = { active: 0, dormant: 0, proposed: 0, closed: 0 };
    for (const s of statuses as { status: string; n: number }[]) byStatus[s.status] = s.n;
    const perRegion = new Map((regions as { region: string; n: number }[]).map((r) => [r.region, r.n]));
    const at = new Map((loads as { action: string; at: Date }[]).map((l) => [l.action, l.at.toISOString()]));
    return {
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byStatus,
      byRegion: this.config.workforce.regions.map((r) => ({ code: r.code, name: r.name, practices: perRegion.get(r.code) ?? 0 })),
      byIcb: icbs,
      lastLoaded: Object.fromEntries(PRACTICE_FILE_KINDS.map((k) => [k, at.get(ACTION[k]) ?? null])) as Record<PracticeFileKind, string | null>,
    };
  }

  /** ICB codes the practice table knows (targets and counts may name only these). */
  async icbCodes(): Promise<Set<string>> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT DISTINCT icb_code AS code FROM practice WHERE icb_code IS NOT NULL`);
    return new Set(rows.map((r) => r.code));
  }
}

/** The demo's invented files, in NHS Digital's formats. */
export const DEMO_PRACTICE_FILES = { epraccur: 'config/demo/epraccur.csv', icbNames: 'config/demo/icb-names.csv', pcnMembers: 'config/demo/pcn-members.csv' };

/**
 * The demo's invented practices, ICB names and networks (config/demo/),
 * parsed; loadDemoPractices loads them in one transaction, as the system, for
 * `npm start`'s demo data. Idempotent: loading again brings the same rows up
 * to date.
 */
export function readDemoPracticeFiles(workforce: Pick<WorkforceFramework, 'regions'> = loadWorkforce('config/workforce.yaml'), now = new Date()) {
  const read = (path: string) => readFileSync(join(projectRoot(), path), 'utf8');
  return {
    epraccur: parseEpraccur(read(DEMO_PRACTICE_FILES.epraccur), workforce.regions),
    names: parseOrganisationNames(read(DEMO_PRACTICE_FILES.icbNames)),
    members: parsePcnMembers(read(DEMO_PRACTICE_FILES.pcnMembers), now.toISOString().slice(0, 10)),
  };
}

/** The same inside the caller's transaction (the demo loads everything in one). */
export async function loadDemoPracticesIn(m: EntityManager, workforce: Pick<WorkforceFramework, 'regions'> = loadWorkforce('config/workforce.yaml'), now = new Date()): Promise<PracticeFileResult[]> {
  const { epraccur, names, members } = readDemoPracticeFiles(workforce, now);
  return [await loadEpraccur(m, epraccur, SYSTEM_ACTOR, now), await loadIcbNames(m, names, SYSTEM_ACTOR), await loadPcnMembers(m, members, SYSTEM_ACTOR)];
}

export async function loadDemoPractices(dataSource: DataSource, workforce: Pick<WorkforceFramework, 'regions'> = loadWorkforce('config/workforce.yaml'), now = new Date()): Promise<PracticeFileResult[]> {
  return dataSource.transaction((m) => loadDemoPracticesIn(m, workforce, now));
}

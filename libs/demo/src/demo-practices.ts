import type { EntityManager } from 'typeorm';
import { loadDemoPracticesIn, readDemoPracticeFiles } from '@app/workforce';

/**
 * The demo's invented GP practices, networks and ICBs come from the files in
 * config/demo/ (NHS Digital's epraccur, ICB names and PCN membership formats),
 * loaded the way an admin's upload is, so applicants' and the skills audit's
 * employer ODS codes map to an ICB and a region in the demo.
 */
export interface DemoPractice {
  odsCode: string;
  icbCode: string;
  region: string;
}

export interface DemoIcb {
  code: string;
  name: string;
  region: string;
  /** The letters of its practices' postcodes ("LS"), for invented addresses. */
  postcodeArea: string;
}

let cache: { practices: DemoPractice[]; icbs: DemoIcb[] } | undefined;

function demoFiles(): { practices: DemoPractice[]; icbs: DemoIcb[] } {
  if (!cache) {
    const { epraccur, names } = readDemoPracticeFiles();
    const open = epraccur.rows.filter((r) => r.status === 'active' && r.icbCode);
    const practices = open.map((r) => ({ odsCode: r.odsCode, icbCode: r.icbCode!, region: r.region }));
    const area = new Map(open.map((r) => [r.icbCode!, /^[A-Z]+/.exec(r.postcode ?? '')?.[0] ?? 'AB']));
    const nameOf = new Map(names.map((n) => [n.code, n.name]));
    const icbs = [...new Map(practices.map((p) => [p.icbCode, { code: p.icbCode, name: nameOf.get(p.icbCode) ?? p.icbCode, region: p.region, postcodeArea: area.get(p.icbCode)! }])).values()];
    cache = { practices, icbs };
  }
  return cache;
}

/** Open practices in the demo practice file, with their ICB and region. */
export function demoPractices(): DemoPractice[] {
  return demoFiles().practices;
}

/** The ICBs those practices are in. */
export function demoIcbs(): DemoIcb[] {
  return demoFiles().icbs;
}

/** Loads the demo practice files in the caller's transaction; returns how many practices they have. */
export async function insertDemoPractices(manager: EntityManager): Promise<number> {
  await loadDemoPracticesIn(manager);
  return demoPractices().length;
}

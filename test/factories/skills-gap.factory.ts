import type { World } from '../support/world';

export interface GapSeed {
  /** Person name ("P1") -> user id. */
  ids: Map<string, string>;
  /** Adds a skills audit row for a person (made on first use). */
  audit(name: string, year: string, at: string, role: string, region: string, ods: string | null, skills: Record<string, number>): Promise<void>;
}

/**
 * The small skills gap data set test/workforce-gap.e2e-spec.ts describes
 * (its header works out every figure by hand): three practices in two
 * ICBs, role profiles in two versions, audits in 2026-27 and 2025-26, and
 * two official count uploads.
 */
export async function seedGapData(w: World): Promise<GapSeed> {
  const ids = new Map<string, string>();
  async function person(name: string): Promise<string> {
    const [row] = await w.db.query(
      `INSERT INTO user_account (email, full_name, role, email_verified_at) VALUES ($1, $2, 'applicant', now()) RETURNING id`,
      [`${name.toLowerCase()}.${Math.random().toString(36).slice(2, 8)}@example.org`, `Person ${name}`],
    );
    ids.set(name, row.id);
    return row.id;
  }
  async function audit(name: string, year: string, at: string, role: string, region: string, ods: string | null, skills: Record<string, number>) {
    const id = ids.get(name) ?? (await person(name));
    await w.db.query(
      `INSERT INTO skills_audit (user_id, source, audit_year, job_role, region, employer_ods_code, skills, consented_at, submitted_at)
       VALUES ($1, 'audit', $2, $3, $4, $5, $6, $7, $7)`,
      [id, year, role, region, ods, JSON.stringify(skills), at],
    );
  }
  await w.db.query(
    `INSERT INTO practice (ods_code, name, pcn_code, pcn_name, icb_code, icb_name, region) VALUES
      ('A81001', 'Acklam Road Surgery (test)', 'U11001', 'Acklam PCN (test)', 'QE1', 'Tees Valley ICB (test)', 'north_east_and_yorkshire'),
      ('A81002', 'Linthorpe Surgery (test)', 'U11001', 'Acklam PCN (test)', 'QE1', 'Tees Valley ICB (test)', 'north_east_and_yorkshire'),
      ('B82001', 'Bow Common Practice (test)', 'U22001', 'Bow PCN (test)', 'QE2', 'East London ICB (test)', 'london')`,
  );
  await w.db.query(
    `INSERT INTO workforce_plan_version (kind, version, body, created_at) VALUES
      ('role_profiles', 1, '{"practice_manager": {"finance": 2}}', '2026-04-01'),
      ('role_profiles', 2, '{"practice_manager": {"finance": 3, "hr_workforce": 3}}', '2026-05-01')`,
  );
  const Y = '2026-27';
  const pm = 'practice_manager';
  const ney = 'north_east_and_yorkshire';
  await audit('P1', Y, '2026-05-01T09:00:00Z', pm, 'london', 'A81001', { finance: 4, hr_workforce: 4 });
  await audit('P1', Y, '2026-09-01T09:00:00Z', pm, 'london', 'A81001', { finance: 1, hr_workforce: 2 });
  await audit('P2', Y, '2026-05-02T09:00:00Z', pm, ney, 'A81001', { finance: 2, hr_workforce: 3 });
  await audit('P3', Y, '2026-05-03T09:00:00Z', pm, ney, 'A81002', { finance: 3, hr_workforce: 3 });
  await audit('P4', Y, '2026-05-04T09:00:00Z', pm, ney, 'A81002', { finance: 4, hr_workforce: 4 });
  await audit('P5', Y, '2026-05-05T09:00:00Z', pm, ney, 'A81001', { finance: 2 });
  await audit('P6', Y, '2026-05-06T09:00:00Z', pm, ney, 'A81001', { finance: 1 });
  await audit('P6', Y, '2026-10-06T09:00:00Z', 'assistant_practice_manager', ney, 'A81001', { finance: 3 });
  for (const [i, level] of [1, 1, 2, 3].entries()) await audit(`Q${i + 1}`, Y, '2026-06-01T09:00:00Z', pm, 'london', 'B82001', { finance: level });
  await audit('R1', Y, '2026-06-02T09:00:00Z', pm, 'london', null, { finance: 4 });
  const L = '2025-26';
  for (const [name, level] of [['P1', 1], ['P2', 1], ['P3', 2], ['P4', 2], ['S1', 4]] as const) {
    await audit(name, L, '2025-06-01T09:00:00Z', pm, ney, 'A81001', { finance: level });
  }
  const [old] = await w.db.query(`INSERT INTO workforce_count_upload (source, period, row_count, uploaded_at) VALUES ('GPW test', 'March 2025', 1, '2026-01-01') RETURNING id`);
  await w.db.query(`INSERT INTO workforce_count (upload_id, area_kind, area_code, practice_managers) VALUES ($1, 'icb', 'QE1', 100)`, [old.id]);
  const [now] = await w.db.query(`INSERT INTO workforce_count_upload (source, period, row_count, uploaded_at) VALUES ('GPW test', 'March 2026', 5, '2026-07-01') RETURNING id`);
  await w.db.query(
    `INSERT INTO workforce_count (upload_id, area_kind, area_code, practice_managers) VALUES
      ($1, 'region', 'north_east_and_yorkshire', 40), ($1, 'region', 'london', 50), ($1, 'region', 'midlands', 10),
      ($1, 'icb', 'QE1', 20), ($1, 'icb', 'QE2', 8)`,
    [now.id],
  );
  return { ids, audit };
}

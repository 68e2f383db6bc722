import type { AreaKind } from './entities';

/**
 * Where a skills audit row's person works, as SQL over `skills_audit sa` left
 * joined to `practice pr` on the employer's ODS code: the practice file's
 * region when the practice is known, else the region the person gave; the
 * ICB only from the practice file. Every report places people this one way.
 */
export const AUDIT_AREA_JOIN = `LEFT JOIN practice pr ON pr.ods_code = sa.employer_ods_code`;
export const AUDIT_AREA_SQL: Readonly<Record<AreaKind, string>> = {
  region: `COALESCE(pr.region, sa.region)`,
  icb: `pr.icb_code`,
};

/** The same for an applicant profile `p` left joined to `practice pr` on its employer's ODS code. */
export const PROFILE_AREA_JOIN = `LEFT JOIN practice pr ON pr.ods_code = p.employer_ods_code`;
export const PROFILE_AREA_SQL: Readonly<Record<AreaKind, string>> = {
  region: `COALESCE(pr.region, p.region)`,
  icb: `pr.icb_code`,
};

export const AREA_KINDS: readonly AreaKind[] = ['region', 'icb'];

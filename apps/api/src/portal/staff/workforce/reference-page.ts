import type { WorkforceFramework } from '@app/config';
import { describeLineProblem, type AreaTarget, type LineProblem, type PracticeFileKind, type RoleProfiles } from '@app/workforce';
import type { FormError } from '../../kit/pages';

/** What each practice upload is, in the page's words. */
export const PRACTICE_FILES: Record<PracticeFileKind, { label: string; button: string; loaded: string }> = {
  epraccur: { label: 'Practice file (epraccur.csv)', button: 'Upload the practice file', loaded: 'The practice file has been loaded' },
  icb_names: { label: 'ICB names file', button: 'Upload the ICB names', loaded: 'The ICB names have been loaded' },
  pcn_members: { label: 'PCN membership file (ePCN core partner details)', button: 'Upload the PCN membership', loaded: 'The PCN membership has been loaded' },
};

/** The error summary shows this many line problems; the table below the summary lists them all. */
export const SUMMARY_PROBLEMS = 10;

/** An upload's line problems as the error summary's list, each linking to the file input, "line 7: Organisation Code must be like A81001". */
export function lineErrorList(problems: LineProblem[], href: string): FormError[] {
  const shown = problems.slice(0, SUMMARY_PROBLEMS).map((p) => ({ href, text: describeLineProblem(p) }));
  const more = problems.length - shown.length;
  return more > 0 ? [...shown, { href: '#problems', text: `and ${more} more ${more === 1 ? 'problem' : 'problems'}, listed below` }] : shown;
}

/** The role profiles as a table: a row per role, a column per competency, the level or "Not set". */
export function roleProfileRows(workforce: WorkforceFramework, body: RoleProfiles | null) {
  return workforce.currentRoles.map((role) => ({
    code: role.code,
    name: role.name,
    levels: workforce.competencies.map((c) => {
      const level = body?.[role.code]?.[c.code];
      return level ? String(level) : 'Not set';
    }),
  }));
}

export interface RoleFormValues {
  levels: Record<string, string>;
  note: string;
}

/** A role's form: each competency's select ('' for no required level, or 1-4) and the note. */
export function roleForm(workforce: WorkforceFramework, body: Record<string, unknown> | undefined): { values: RoleFormValues; errors: Record<string, string>; levels?: Record<string, number> } {
  const values: RoleFormValues = { levels: {}, note: typeof body?.note === 'string' ? body.note.trim() : '' };
  const errors: Record<string, string> = {};
  const levels: Record<string, number> = {};
  for (const c of workforce.competencies) {
    const raw = body?.[`level-${c.code}`];
    const value = typeof raw === 'string' ? raw.trim() : '';
    values.levels[c.code] = value;
    if (value === '') continue;
    if (!/^[1-4]$/.test(value)) errors[`level-${c.code}`] = `Choose a level from 1 to 4 for ${c.name}, or no required level`;
    else levels[c.code] = Number(value);
  }
  if (values.note.length > 1000) errors.note = 'The note must be 1,000 characters or fewer';
  return Object.keys(errors).length ? { values, errors } : { values, errors, levels };
}

/** Targets' form field name for an area. */
export const targetField = (kind: 'region' | 'icb', code: string) => `target-${kind}-${code}`;

/** The targets form: a box per region and ICB, empty for no target; whole numbers 0 or more. */
export function targetsForm(areas: { kind: 'region' | 'icb'; code: string; name: string }[], body: Record<string, unknown> | undefined) {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const targets: AreaTarget[] = [];
  for (const a of areas) {
    const name = targetField(a.kind, a.code);
    const raw = body?.[name];
    const value = typeof raw === 'string' ? raw.trim().replace(/,/g, '') : '';
    values[name] = value;
    if (value === '') continue;
    if (!/^\d{1,7}$/.test(value) || Number(value) > 1_000_000) errors[name] = `The target for ${a.name} must be a whole number from 0 to 1,000,000`;
    else targets.push({ areaKind: a.kind, areaCode: a.code, qualifiedNeeded: Number(value) });
  }
  const note = typeof body?.note === 'string' ? body.note.trim() : '';
  if (note.length > 1000) errors.note = 'The note must be 1,000 characters or fewer';
  return { values, note, errors, targets: Object.keys(errors).length ? undefined : targets };
}

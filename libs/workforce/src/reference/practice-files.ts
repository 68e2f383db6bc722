import { fileInvalid, headerIndex, looseName, readCsvLines } from './csv-file';
import type { LineProblem } from '../workforce.error';

/** epraccur's columns, 1-based as NHS Digital numbers them: only those the programme reads. */
export const EPRACCUR = {
  columns: 27,
  odsCode: 1,
  name: 2,
  nationalGrouping: 3,
  icbCode: 4,
  postcode: 10,
  openDate: 11,
  closeDate: 12,
  status: 13,
  subIcbCode: 15,
} as const;

const FIELD: Record<number, string> = {
  1: 'Organisation Code',
  2: 'Name',
  3: 'National Grouping',
  4: 'High Level Health Geography',
  10: 'Postcode',
  11: 'Open Date',
  12: 'Close Date',
  13: 'Status Code',
  15: 'Commissioner',
};

export type PracticeStatus = 'active' | 'closed' | 'dormant' | 'proposed';
const STATUS: Record<string, PracticeStatus> = { A: 'active', C: 'closed', D: 'dormant', P: 'proposed' };

const ODS_CODE = /^[A-Z][0-9]{5}$/;
/** ICB codes (QMJ, QE1) and other ODS organisation codes of three letters or digits. */
const ORG_CODE = /^[A-Z0-9]{3}$/;
const SUB_ICB_CODE = /^[A-Z0-9]{3,5}$/;
const PCN_CODE = /^U[0-9]{5}$/;
const NATIONAL_GROUPING = /^[A-Z0-9]{3}$/;

export interface EpraccurRow {
  odsCode: string;
  name: string;
  region: string;
  icbCode: string | null;
  subIcbCode: string | null;
  status: PracticeStatus;
  postcode: string | null;
}

export interface ParsedEpraccur {
  rows: EpraccurRow[];
  /** Rows in a National Grouping that is none of the seven NHS England regions (Wales, old groupings), by code: not loaded. */
  outsideRegions: Record<string, number>;
}

/** A YYYYMMDD date that exists. */
function isYmd(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * Reads NHS Digital's epraccur.csv: no header, 27 columns a row. Every row is
 * checked and every problem listed by line and field; the National Grouping
 * maps to the programme's region through workforce.yaml's `odsCode`.
 */
export function parseEpraccur(text: string, regions: readonly { code: string; odsCode: string }[]): ParsedEpraccur {
  const byOds = new Map(regions.map((r) => [r.odsCode, r.code]));
  const problems: LineProblem[] = [];
  const rows: EpraccurRow[] = [];
  const outsideRegions: Record<string, number> = {};
  const seen = new Map<string, number>();
  for (const { line, cells } of readCsvLines(text, 'practice file')) {
    const before = problems.length;
    const cell = (column: number) => cells[column - 1] ?? '';
    const bad = (column: number, message: string) => problems.push({ row: line, column: FIELD[column], message });
    if (cells.length !== EPRACCUR.columns) {
      problems.push({ row: line, column: '*', message: `has ${cells.length} columns; an epraccur row has ${EPRACCUR.columns} (is this the epraccur file, without a header row?)` });
      continue;
    }
    const odsCode = cell(EPRACCUR.odsCode);
    if (!ODS_CODE.test(odsCode)) bad(EPRACCUR.odsCode, 'must be like A81001 (a capital letter and five digits)');
    else if (seen.has(odsCode)) bad(EPRACCUR.odsCode, `${odsCode} is also on line ${seen.get(odsCode)}`);
    else seen.set(odsCode, line);
    const name = cell(EPRACCUR.name);
    if (!name) bad(EPRACCUR.name, 'must not be empty');
    else if (name.length > 200) bad(EPRACCUR.name, 'must be 200 characters or fewer');
    const grouping = cell(EPRACCUR.nationalGrouping);
    if (!NATIONAL_GROUPING.test(grouping)) bad(EPRACCUR.nationalGrouping, 'must be an ODS code of three letters or digits, like Y56');
    const icbCode = cell(EPRACCUR.icbCode);
    if (icbCode && !ORG_CODE.test(icbCode)) bad(EPRACCUR.icbCode, 'must be an ICB code of three letters or digits, like QMJ');
    const postcode = cell(EPRACCUR.postcode);
    if (postcode.length > 10) bad(EPRACCUR.postcode, 'must be 10 characters or fewer');
    const open = cell(EPRACCUR.openDate);
    if (open && !isYmd(open)) bad(EPRACCUR.openDate, 'must be a date like 19740401 (YYYYMMDD)');
    const close = cell(EPRACCUR.closeDate);
    if (close && !isYmd(close)) bad(EPRACCUR.closeDate, 'must be empty or a date like 20240331 (YYYYMMDD)');
    const status = STATUS[cell(EPRACCUR.status)];
    if (!status) bad(EPRACCUR.status, 'must be A (active), C (closed), D (dormant) or P (proposed)');
    const subIcb = cell(EPRACCUR.subIcbCode);
    if (subIcb && !SUB_ICB_CODE.test(subIcb)) bad(EPRACCUR.subIcbCode, 'must be a sub-ICB location code of three to five letters or digits, like 15F');
    if (problems.length > before) continue;
    const region = byOds.get(grouping);
    if (!region) {
      outsideRegions[grouping] = (outsideRegions[grouping] ?? 0) + 1;
      continue;
    }
    rows.push({ odsCode, name, region, icbCode: icbCode || null, subIcbCode: subIcb || null, status, postcode: postcode || null });
  }
  if (problems.length) throw fileInvalid(problemsMessage('practice file', problems), problems);
  return { rows, outsideRegions };
}

export interface OrganisationName {
  code: string;
  name: string;
}

/**
 * Reads one of NHS Digital's ODS organisation files for ICB names (the ICB
 * file, or eccg for sub-ICB locations): column 1 the code, column 2 the name;
 * further columns are ignored. A header row, if someone added one, is skipped.
 */
export function parseOrganisationNames(text: string): OrganisationName[] {
  const problems: LineProblem[] = [];
  const names: OrganisationName[] = [];
  const seen = new Map<string, number>();
  const lines = readCsvLines(text, 'ICB names file');
  for (const { line, cells } of lines) {
    const [code = '', name = ''] = cells;
    if (line === lines[0].line && ['organisation code', 'code', 'icb code'].includes(looseName(code))) continue;
    const before = problems.length;
    if (cells.length < 2) {
      problems.push({ row: line, column: '*', message: 'needs at least two columns: the code, then the name' });
      continue;
    }
    if (!ORG_CODE.test(code)) problems.push({ row: line, column: 'Organisation Code', message: 'must be an ICB code of three letters or digits, like QMJ' });
    else if (seen.has(code)) problems.push({ row: line, column: 'Organisation Code', message: `${code} is also on line ${seen.get(code)}` });
    else seen.set(code, line);
    if (!name) problems.push({ row: line, column: 'Name', message: 'must not be empty' });
    else if (name.length > 200) problems.push({ row: line, column: 'Name', message: 'must be 200 characters or fewer' });
    if (problems.length === before) names.push({ code, name });
  }
  if (problems.length) throw fileInvalid(problemsMessage('ICB names file', problems), problems);
  return names;
}

export interface PcnMember {
  odsCode: string;
  pcnCode: string;
  pcnName: string;
}

/** The ePCN "PCN Core Partner Details" headers the programme reads. */
export const PCN_HEADERS = { odsCode: 'Partner Organisation Code', pcnCode: 'PCN Code', pcnName: 'PCN Name', endDate: 'Practice to PCN Relationship End Date' } as const;

/** "2024-03-31", "20240331" or "31/03/2024" as YYYY-MM-DD; null when it is none of these. */
function isoDate(value: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/**
 * Reads the CSV of NHS Digital's ePCN "PCN Core Partner Details": a header
 * row naming at least Partner Organisation Code, PCN Code and PCN Name, in any
 * order, among its other columns. A row whose relationship end date (when the
 * column is there) is on or before `today` is a past membership and skipped.
 */
export function parsePcnMembers(text: string, today: string): { members: PcnMember[]; ended: number } {
  const [header, ...rows] = readCsvLines(text, 'PCN membership file');
  const index = headerIndex(header.cells);
  const at = (name: string) => index.get(looseName(name));
  const missing = [PCN_HEADERS.odsCode, PCN_HEADERS.pcnCode, PCN_HEADERS.pcnName].filter((h) => at(h) === undefined);
  if (missing.length) {
    throw fileInvalid('The PCN membership file’s header is not right', missing.map((h) => ({ row: header.line, column: h, message: 'is a required column (the ePCN “PCN Core Partner Details” headers)' })));
  }
  if (rows.length === 0) throw fileInvalid('The PCN membership file has a header but no rows', [{ row: header.line, column: '*', message: 'no rows after the header' }]);
  const problems: LineProblem[] = [];
  const members: PcnMember[] = [];
  const seen = new Map<string, number>();
  let ended = 0;
  const end = at(PCN_HEADERS.endDate);
  for (const { line, cells } of rows) {
    const value = (name: string) => cells[at(name)!] ?? '';
    const before = problems.length;
    const endDate = end === undefined ? '' : (cells[end] ?? '');
    const endIso = endDate ? isoDate(endDate) : null;
    if (endDate && !endIso) problems.push({ row: line, column: PCN_HEADERS.endDate, message: 'must be empty or a date like 2024-03-31, 20240331 or 31/03/2024' });
    if (endIso && endIso <= today) {
      ended++;
      continue;
    }
    const odsCode = value(PCN_HEADERS.odsCode);
    if (!ODS_CODE.test(odsCode)) problems.push({ row: line, column: PCN_HEADERS.odsCode, message: 'must be like A81001 (a capital letter and five digits)' });
    else if (seen.has(odsCode)) problems.push({ row: line, column: PCN_HEADERS.odsCode, message: `${odsCode} is in a network on line ${seen.get(odsCode)} too` });
    else seen.set(odsCode, line);
    const pcnCode = value(PCN_HEADERS.pcnCode);
    if (!PCN_CODE.test(pcnCode)) problems.push({ row: line, column: PCN_HEADERS.pcnCode, message: 'must be like U12345 (U and five digits)' });
    const pcnName = value(PCN_HEADERS.pcnName);
    if (!pcnName) problems.push({ row: line, column: PCN_HEADERS.pcnName, message: 'must not be empty' });
    else if (pcnName.length > 200) problems.push({ row: line, column: PCN_HEADERS.pcnName, message: 'must be 200 characters or fewer' });
    if (problems.length === before) members.push({ odsCode, pcnCode, pcnName });
  }
  if (problems.length) throw fileInvalid(problemsMessage('PCN membership file', problems), problems);
  return { members, ended };
}

export function problemsMessage(what: string, problems: LineProblem[]): string {
  const lines = new Set(problems.map((p) => p.row)).size;
  return `The ${what} has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} on ${lines} ${lines === 1 ? 'line' : 'lines'}. Nothing was loaded`;
}

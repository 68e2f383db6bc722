import nunjucks from 'nunjucks';
import { dirname, join } from 'node:path';
import { projectRoot } from '@app/config';
import { codeWords, formatDate, formatPence, formatWhen, humanise } from '@app/http';

export const SERVICE_NAME = 'Practice Manager Development Programme';

/** nhsuk-frontend's compiled package: its Nunjucks macros, CSS and images. */
export const NHSUK_FRONTEND = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');

/**
 * Each audience's templates and the kit's layout, macros and error page. They
 * stay beside the source (the build compiles TypeScript only) and are read from
 * the project root, so dist/ finds them too. Template names are unique across
 * the folders.
 */
export const VIEW_FOLDERS = ['kit', 'public', 'applicant', 'provider', 'staff'].map((folder) => join(projectRoot(), 'apps/api/src/portal', folder, 'views'));

/**
 * The pages' filters over the one set of formatters (@app/http nhs-style). A
 * missing value shows as nothing, so a template can write `(x | longDate) or "Never"`.
 */
const shown = (value: unknown) => value !== null && value !== undefined && value !== '';

/** Integer pence as pounds: 123450 -> "£1,234.50", 50000 -> "£500". Money is pence everywhere but here, at the edge. */
export function pounds(pence: unknown): string {
  // An average or a share can carry a fraction of a penny: it shows to the nearest penny.
  if (typeof pence === 'bigint' || (typeof pence === 'string' && /^-?\d+$/.test(pence))) return formatPence(pence);
  const n = typeof pence === 'string' && pence.trim() !== '' ? Number(pence) : pence;
  return typeof n === 'number' && Number.isFinite(n) ? formatPence(Math.round(n)) : '';
}

/** "2026-09-01" -> "1 September 2026"; "2026-09" -> "September 2026"; an ISO moment -> "1 September 2026 at 2:05pm" (in England). */
export function longDate(value: unknown): string {
  if (!shown(value) || !(typeof value === 'string' || value instanceof Date)) return '';
  try {
    return formatWhen(value);
  } catch {
    return String(value);
  }
}

/** A moment as only the day it is in England: "2027-05-02T23:30:00Z" -> "3 May 2027". */
export function day(value: unknown): string {
  if (!shown(value) || !(typeof value === 'string' || value instanceof Date)) return '';
  try {
    return formatDate(value);
  } catch {
    return String(value);
  }
}

/** A code as words, acronyms as written: "mid_point" -> "Mid point", "hr_workforce" -> "HR workforce". */
export function words(code: unknown): string {
  return typeof code === 'string' && code !== '' ? humanise(code) : '';
}

/** A code as words inside a sentence: "provider_api_key" -> "provider API key" (where `words | lower` would lose the capitals). */
export function lowerWords(code: unknown): string {
  return typeof code === 'string' && code !== '' ? codeWords(code) : '';
}

let environment: nunjucks.Environment | undefined;

function views(): nunjucks.Environment {
  if (environment) return environment;
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([...VIEW_FOLDERS, NHSUK_FRONTEND]), { autoescape: true, trimBlocks: true, lstripBlocks: true });
  env.addFilter('pounds', pounds);
  env.addFilter('longDate', longDate);
  env.addFilter('day', day);
  env.addFilter('words', words);
  env.addFilter('lowerWords', lowerWords);
  env.addGlobal('serviceName', SERVICE_NAME);
  environment = env;
  return env;
}

/** Renders a page template (<audience>/views/<name>.njk), escaping every value. */
export function renderPage(name: string, context: object): string {
  return views().render(`${name}.njk`, context);
}

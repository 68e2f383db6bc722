import nunjucks from 'nunjucks';
import { dirname, join } from 'node:path';
import { projectRoot } from '@app/config';

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

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const calendarDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

/** Integer pence as pounds: 123450 -> "£1,234.50". Money is pence everywhere but here, at the edge. */
export function pounds(pence: unknown): string {
  return typeof pence === 'number' && Number.isFinite(pence) ? gbp.format(pence / 100) : '';
}

/** "2026-09-01" -> "1 September 2026"; "2026-09" -> "September 2026"; an ISO moment -> "1 September 2026, 2:05 pm". */
export function longDate(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return calendarDay.format(new Date(`${value}T00:00:00Z`));
  if (/^\d{4}-\d{2}$/.test(value)) return monthYear.format(new Date(`${value}-01T00:00:00Z`));
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : moment.format(d);
}

/** A code as words: "mid_point" -> "Mid point". */
export function words(code: unknown): string {
  if (typeof code !== 'string' || code === '') return '';
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

let environment: nunjucks.Environment | undefined;

function views(): nunjucks.Environment {
  if (environment) return environment;
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([...VIEW_FOLDERS, NHSUK_FRONTEND]), { autoescape: true, trimBlocks: true, lstripBlocks: true });
  env.addFilter('pounds', pounds);
  env.addFilter('longDate', longDate);
  env.addFilter('words', words);
  env.addGlobal('serviceName', SERVICE_NAME);
  environment = env;
  return env;
}

/** Renders a page template (<audience>/views/<name>.njk), escaping every value. */
export function renderPage(name: string, context: object): string {
  return views().render(`${name}.njk`, context);
}

import nunjucks from 'nunjucks';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatDate, formatPence, formatTimeOnDate } from '@app/http';
import type { Topic } from '../topics';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateContext {
  /** Who it goes to; `fullName` is absent for a "tell me when a round opens" sign-up. */
  recipient: { fullName?: string; email?: string };
  programmeName: string;
  /** The portal's base URL (PUBLIC_BASE_URL): every link in an email is a full link. */
  baseUrl: string;
  /** The outbox row's data: ids, reference numbers, codes, amounts in pence. */
  data: Record<string, unknown>;
  /** The full link carrying a token, when the message has one. */
  link?: string;
  /** What the topic's loader read at send time (application, enrolment, pot, round, ...). */
  [loaded: string]: unknown;
}

/** libs/notifications/templates, found from the source (tests) or the build (dist/) alike. */
export function templatesDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'libs', 'notifications', 'templates');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`libs/notifications/templates not found above ${__dirname}`);
    dir = parent;
  }
}

// The filters are the one set of formatters (@app/http nhs-style). Unlike a page's, they throw on
// a missing or broken value: an email is better not sent than sent saying "undefined".

/** Pounds only here, at the edge: 50000 -> "£500", 12345 -> "£123.45", 600000000 -> "£6,000,000". */
export function pounds(pence: unknown): string {
  return formatPence(pence as number);
}

/** "14 March 2026": a calendar date (YYYY-MM-DD) as it is, a moment as the day in England. */
export function longDate(value: unknown): string {
  return formatDate(value as string);
}

/** "5:30pm on 14 March 2026", in England's time: it follows "at", "by" or "before" in the emails' sentences. */
export function dateTime(value: unknown): string {
  return formatTimeOnDate(value as string);
}

function environment(autoescape: boolean): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatesDir()), {
    autoescape,
    // An undefined or null value in a template is an error, never "undefined" in an email.
    throwOnUndefined: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('pounds', pounds);
  env.addFilter('date', longDate);
  env.addFilter('datetime', dateTime);
  env.addFilter('plural', (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`);
  return env;
}

let envs: { html: nunjucks.Environment; text: nunjucks.Environment } | undefined;

/**
 * Email clients ignore most stylesheets, so the layout's look is written onto
 * the tags the templates use, which stay plain in the template files.
 */
const INLINE: Record<string, string> = {
  '<p>': '<p style="margin:0 0 16px 0;font-size:16px;line-height:24px">',
  '<h1>': '<h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:bold;color:#212b32">',
  '<h2>': '<h2 style="margin:24px 0 8px 0;font-size:19px;line-height:28px;font-weight:bold;color:#212b32">',
  '<ul>': '<ul style="margin:0 0 16px 0;padding-left:20px;font-size:16px;line-height:24px">',
  '<li>': '<li style="margin:0 0 8px 0">',
  '<a href=': '<a style="color:#005eb8;text-decoration:underline" href=',
  '<strong>': '<strong style="font-weight:bold">',
  '<div class="inset">': '<div style="margin:0 0 16px 0;padding:8px 16px;border-left:8px solid #005eb8;background:#f0f4f5">',
};
// One pass over the HTML for every tag (sending renders thousands of messages a minute).
const INLINE_TAGS = new RegExp(Object.keys(INLINE).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

/** Renders a message from libs/notifications/templates/<topic>/: subject, plain text (no HTML) and HTML. */
export function renderEmail(topic: Topic, context: TemplateContext): RenderedEmail {
  envs ??= { html: environment(true), text: environment(false) };
  const subject = envs.text.render(`${topic}/subject.njk`, context).replace(/\s+/g, ' ').trim();
  const text =
    envs.text
      .render(`${topic}/text.njk`, { ...context, subject })
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n';
  let html = envs.html.render(`${topic}/html.njk`, { ...context, subject });
  html = html.replace(INLINE_TAGS, (tag) => INLINE[tag]).replace(/\n\s*\n/g, '\n');
  return { subject, text, html };
}

import { readdirSync } from 'node:fs';
import { TOPICS } from '../topics';
import { dateTime, longDate, pounds, renderEmail, templatesDir } from './render';
import { SAMPLES } from './samples';

/** What must never reach a person: an empty or broken placeholder. */
const EMPTY_PLACEHOLDER = /undefined|\bnull\b|NaN|Invalid Date|\[object Object\]|\{\{|\}\}|\{%|%\}/;
/** What the NHS content style never writes: ISO dates, "12:42 PM", "£500.00", acronyms in mixed case. */
const OFF_STYLE = /\b\d{4}-\d{2}-\d{2}\b|\d\s?(AM|PM|a\.m\.|p\.m\.)|\d\s(am|pm)\b|£\d[\d,]*\.00\b|\b(Hr|Cqc|Ods|Icb|Pcn|Nhs)\b/;

describe('email templates', () => {
  it('has a folder of templates for every topic, and a topic for every folder', () => {
    const folders = readdirSync(templatesDir(), { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('_')).map((d) => d.name);
    expect(folders.sort()).toEqual([...TOPICS].sort());
    for (const folder of folders) expect(readdirSync(`${templatesDir()}/${folder}`).sort()).toEqual(['html.njk', 'subject.njk', 'text.njk']);
  });

  it('has a sample event for every topic', () => {
    expect(new Set(SAMPLES.map((s) => s.topic))).toEqual(new Set(TOPICS));
  });

  it.each(SAMPLES.map((s) => [s.name, s] as const))('%s renders with no empty placeholder; its text has no HTML', (_name, sample) => {
    const email = renderEmail(sample.topic, sample.context);
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(EMPTY_PLACEHOLDER);
    // Links carry ids and tokens, not words: the style applies to what a person reads.
    for (const part of [email.subject, email.text, email.html]) expect(part.replace(/https?:\/\/\S+/g, '')).not.toMatch(OFF_STYLE);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.subject).not.toMatch(/\n|\s{2}/);
    // Plain text is plain: no tags, no entities.
    expect(email.text).not.toMatch(/<\/?[a-z][^>]*>|&[a-z]+;|&#\d+;/i);
    // Nothing is left blank: no empty list item, label or brackets.
    expect(email.text).not.toMatch(/^- *$|:[ \t]*\n[ \t]*\n|\(\s*\)/m);
    expect(email.html).not.toMatch(/<li>\s*<\/li>|<p[^>]*>\s*<\/p>|\(\s*\)/);
    // Every link is a full link, shown in full.
    for (const [, href] of email.html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https?:\/\/[^\s]+$/);
    expect(email.html).toContain('#005eb8');
    expect(email.html).toContain('<html lang="en">');
    // The key fact comes first: the first paragraph after the greeting is in bold.
    expect(email.html).toMatch(/<\/p>\s*<p[^>]*><strong/);
  });

  it('links carry the full portal address', () => {
    const offer = SAMPLES.find((s) => s.name === 'offer made')!;
    const email = renderEmail(offer.topic, offer.context);
    expect(email.text).toContain('https://pmdp.example.nhs.uk/portal/applications/0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11');
    expect(email.text).toContain('£500');
    expect(email.text).toContain('PMDP-26-000123');
    expect(email.subject).toBe('You have been offered a bursary of £500: PMDP-26-000123');
  });

  it('refuses to render a missing value rather than print it', () => {
    const offer = SAMPLES.find((s) => s.name === 'offer made')!;
    expect(() => renderEmail(offer.topic, { ...offer.context, application: { reference: 'X' } })).toThrow();
  });

  it('shows money as pounds and dates in plain English, in England’s time', () => {
    expect(pounds(50_000)).toBe('£500');
    expect(pounds(12_345)).toBe('£123.45');
    expect(pounds('600000000')).toBe('£6,000,000');
    expect(() => pounds(undefined)).toThrow();
    expect(longDate('2026-03-14')).toBe('14 March 2026');
    expect(longDate(new Date('2026-07-01T23:30:00Z'))).toBe('2 July 2026');
    expect(dateTime(new Date('2026-07-01T16:30:00Z'))).toBe('5:30pm on 1 July 2026');
    expect(dateTime(new Date('2026-01-01T12:00:00Z'))).toBe('midday on 1 January 2026');
    expect(() => longDate('not a date')).toThrow();
  });
});

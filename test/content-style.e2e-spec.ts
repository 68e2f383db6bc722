import { DEMO_USERS, loadDemoData } from '@app/demo';
import { WorkforceModule } from '@app/workforce';
import { CohortNamesInWords1764418000000 } from '../migrations/1764418000000-CohortNamesInWords';
import { qualification } from './factories/intake.factory';
import { cohort } from './factories/training.factory';
import { PortalClient } from './support/portal-client';
import { World } from './support/world';

/** What the NHS content style never writes on a page: ISO dates, "12:42 PM", "£500.00", acronyms in mixed case. */
const OFF_STYLE = /\b\d{4}-\d{2}-\d{2}\b|\d\s?(AM|PM|a\.m\.|p\.m\.)|\d\s(am|pm)\b|£\d[\d,]*\.00\b|\b(Hr|Cqc|Ods|Icb|Pcn|Nhs)\b|\b(hr|cqc|ods|icb|pcn|nhs) [a-z]/g;
/** Text that is about a file's machine format, which keeps ISO dates. */
const MACHINE_FORMATS = ['dates look like 2026-09-01', 'Year, month and day, like 2027-01-18'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The words a person reads in a page's main content: no tags, attributes or links. */
function mainText(html: string): string {
  const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? '';
  return main
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&pound;|&#163;/g, '£')
    .replace(/\s+/g, ' ');
}

// First, while the database holds only the demo programme (the cohort tests below leave names of their own).
describe('content style across the portal, on the demo programme', () => {
  let w: World;

  beforeAll(async () => {
    w = await World.start({ worker: false, imports: [WorkforceModule] });
    await loadDemoData(w.api.app);
  }, 180_000);
  afterAll(() => w?.stop());

  /** Every problem on the pages `c` can reach from `start`, following its links: each kind of page (ids set aside) twice at most. */
  async function walk(c: PortalClient, start: string): Promise<{ visited: number; problems: string[] }> {
    const queue = [start.replace(/^https?:\/\/[^/]+/, '')];
    const seen = new Set(queue);
    const kinds = new Map<string, number>();
    const problems: string[] = [];
    let visited = 0;
    while (queue.length && visited < 200) {
      const path = queue.shift()!;
      const kind = path.split('?')[0].replace(UUID, ':id');
      if ((kinds.get(kind) ?? 0) >= 2) continue;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const page = await c.get(path);
      if (page.status !== 200 || !(page.headers.get('content-type') ?? '').includes('text/html')) continue;
      visited++;
      const text = MACHINE_FORMATS.reduce((t, allowed) => t.replaceAll(allowed, ''), mainText(page.html));
      for (const m of text.matchAll(OFF_STYLE)) problems.push(`${kind}: …${text.slice(Math.max(0, m.index! - 40), m.index! + 40)}…`);
      for (const [, href] of page.html.matchAll(/href="(\/portal\/[^"#]*)"/g)) {
        const link = href.replace(/&amp;/g, '&');
        // Signing out ends the walk; files are exports, which keep machine formats.
        if (/sign-out|download|\.(csv|xlsx)\b|\/export/.test(link) || seen.has(link)) continue;
        seen.add(link);
        queue.push(link);
      }
    }
    return { visited, problems };
  }

  it.each(['admin', 'finance', 'reviewer', 'provider', 'applicant'] as const)('every page %s reaches writes dates, times, money and acronyms in the NHS style', async (role) => {
    const user = DEMO_USERS.find((u) => u.role === role)!;
    const c = new PortalClient(w.api.url);
    const { visited, problems } = await walk(c, (await c.signIn(user.email, user.password)).location ?? '/portal');
    expect(visited).toBeGreaterThan(3);
    expect(problems).toEqual([]);
  }, 240_000);

  it('so do the pages of applicants with an offer, a decision, an appeal or a place on a course', async () => {
    // The demo applicant has no application; the story applicants have every status, and no password: lend them the demo one.
    const demo = DEMO_USERS.find((u) => u.role === 'applicant')!;
    const people: { email: string; status: string }[] = await w.db.query(
      `SELECT DISTINCT ON (a.status) u.email, a.status FROM application a JOIN user_account u ON u.id = a.applicant_id ORDER BY a.status, a.submitted_at`,
    );
    expect(people.map((p) => p.status)).toEqual(expect.arrayContaining(['offered', 'enrolled', 'completed', 'rejected', 'waitlisted']));
    await w.db.query(`UPDATE user_account SET password_hash = (SELECT password_hash FROM user_account WHERE email = $1) WHERE email = ANY($2)`, [demo.email, people.map((p) => p.email)]);
    const problems: string[] = [];
    for (const p of people) {
      const c = new PortalClient(w.api.url);
      problems.push(...(await walk(c, (await c.signIn(p.email, demo.password)).location ?? '/portal')).problems.map((m) => `${p.status} ${m}`));
    }
    expect(problems).toEqual([]);
  }, 240_000);
});

/** Names people read carry dates in words; the API and the columns keep ISO dates. */
describe('content style: cohort names', () => {
  let w: World;
  let providerId: string;
  let level5: { id: string; title: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    providerId = (await w.provider('Style College')).id;
    level5 = await qualification(w, { level: 5 });
  });
  afterAll(() => w.stop());

  const nameOf = async (id: string) => (await w.db.query(`SELECT name, to_char(start_date, 'YYYY-MM-DD') AS start FROM cohort WHERE id = $1`, [id]))[0] as { name: string; start: string };

  it('names a cohort with no name given by its qualification and its start date in words, keeping the date a date', async () => {
    const c = await cohort(w, providerId, level5.id, 20, '2027-01-06');
    expect(c.name).toBe(`${level5.title}, 6 January 2027`);
    expect(c.startDate).toBe('2027-01-06');
    expect(await nameOf(c.id)).toEqual({ name: `${level5.title}, 6 January 2027`, start: '2027-01-06' });
  });

  it('puts the date of a name generated before into words, and leaves a chosen name alone', async () => {
    const [generated, chosen, otherDate] = await Promise.all([cohort(w, providerId, level5.id, 20, '2027-03-01'), cohort(w, providerId, level5.id, 20, '2027-03-02'), cohort(w, providerId, level5.id, 20, '2027-03-03')]);
    // As the service named cohorts before: the ISO start date at the end.
    await w.db.query(`UPDATE cohort SET name = $2 WHERE id = $1`, [generated.id, 'Level 5 diploma, 2027-03-01']);
    await w.db.query(`UPDATE cohort SET name = $2 WHERE id = $1`, [chosen.id, 'Leeds evening group']);
    // A date that is not the cohort's own start is part of a name someone chose.
    await w.db.query(`UPDATE cohort SET name = $2 WHERE id = $1`, [otherDate.id, 'Moved from 2026-12-01']);

    const runner = w.db.createQueryRunner();
    try {
      await new CohortNamesInWords1764418000000().up(runner);
      expect((await nameOf(generated.id)).name).toBe('Level 5 diploma, 1 March 2027');
      expect((await nameOf(chosen.id)).name).toBe('Leeds evening group');
      expect((await nameOf(otherDate.id)).name).toBe('Moved from 2026-12-01');

      await new CohortNamesInWords1764418000000().down(runner);
      expect((await nameOf(generated.id)).name).toBe('Level 5 diploma, 2027-03-01');
      expect((await nameOf(chosen.id)).name).toBe('Leeds evening group');
    } finally {
      await runner.release();
    }
  });
});

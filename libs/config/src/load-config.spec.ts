import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

function programmeFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'programme-'));
  const file = join(dir, 'programme.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('loadConfig', () => {
  it('works with nothing set, with local defaults and the programme facts', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('development');
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/pmdp');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.database.createIfMissing).toBe(true);
    expect(config.demoData).toBe(true);
    expect(config.programme).toMatchObject({
      totalBudgetPence: 600_000_000,
      standardBursaryPence: 50_000,
      annualQualifiedTarget: 1000,
      financialYearStart: { month: 4, day: 1 },
    });
    expect(config.http.publicBaseUrl).toBe('http://localhost:3000');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 1 to 65535 (got "eighty")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 1 to 65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL must be a URL starting postgres:// or postgresql:// (got mysql://...)'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a URL starting postgres:// or postgresql://'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL must be a URL starting redis:// or rediss:// (got http://...)'],
    [{ SMTP_URL: 'localhost:25' }, 'SMTP_URL must be a URL starting smtp:// or smtps:// (got localhost://...)'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM must contain an email address'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET must be at least 32 characters'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ WORKER_IN_PROCESS: 'maybe' }, 'WORKER_IN_PROCESS must be true or false'],
    [{ QUEUE_PREFIX: 'Has Spaces' }, 'QUEUE_PREFIX must be 1-40 lower-case letters, digits, - or _'],
  ])('names the variable and the problem: %j', (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it('rejects an unknown NODE_ENV', () => {
    expect(problemsOf({ NODE_ENV: 'staging' })).toEqual(['NODE_ENV must be one of development, test, production (got "staging")']);
  });

  it('lists every bad variable, one line each', () => {
    expect(problemsOf({ PORT: 'x', REDIS_URL: 'x' })).toHaveLength(2);
  });

  it('in production requires what has no safe default', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'DATABASE_URL is required in production',
      'REDIS_URL is required in production',
      'SESSION_SECRET is required in production',
      'SMTP_URL is required in production (the development mailbox is not for real email)',
      'PUBLIC_BASE_URL is required in production (email links are built from it)',
    ]);
  });

  it('in production refuses the development session secret', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/pmdp',
      REDIS_URL: 'redis://cache',
      SMTP_URL: 'smtp://mail',
      PUBLIC_BASE_URL: 'https://pmdp.example',
      SESSION_SECRET: 'development-only-session-secret-change-me-please',
    });
    expect(problems).toEqual(['SESSION_SECRET must not be the development default in production']);
  });

  it('in production turns off demo data and database creation', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/pmdp',
      REDIS_URL: 'redis://cache',
      SMTP_URL: 'smtp://mail',
      PUBLIC_BASE_URL: 'https://pmdp.example/',
      SESSION_SECRET: 'x'.repeat(40),
    });
    expect(config.demoData).toBe(false);
    expect(config.database.createIfMissing).toBe(false);
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.http.publicBaseUrl).toBe('https://pmdp.example');
  });

  describe('programme.yaml', () => {
    const good = `name: Test Programme
shortName: PMB
totalBudgetPence: 600000000
standardBursaryPence: 50000
annualQualifiedTarget: 1000
financialYearStart: { month: 4, day: 1 }
contact: { email: team@example.nhs.uk, phone: 0300 000 0000, hours: Monday to Friday }
`;

    it('reads a good file', () => {
      expect(loadConfig({ PROGRAMME_CONFIG: programmeFile(good) }).programme.offerExpiryDays).toBe(14);
      expect(loadConfig({ PROGRAMME_CONFIG: programmeFile(good) }).programme.startBeforeCohortDays).toBe(30);
    });

    it('names a start window that is not a whole number of days', () => {
      expect(() => loadConfig({ PROGRAMME_CONFIG: programmeFile(`${good}startBeforeCohortDays: -1\n`) })).toThrow(/startBeforeCohortDays/);
    });

    it('names a fractional budget', () => {
      const file = programmeFile(good.replace('600000000', '6000000.50'));
      expect(problemsOf({ PROGRAMME_CONFIG: file })).toEqual([
        `${file}: totalBudgetPence must be a whole number of pence (£6m is 600000000)`,
      ]);
    });

    it('names an unknown key and a bad month', () => {
      const file = programmeFile(good.replace('month: 4', 'month: 13') + 'budget: 5\n');
      expect(problemsOf({ PROGRAMME_CONFIG: file })).toEqual(
        expect.arrayContaining([`${file}: financialYearStart.month must be from 1 to 12`, expect.stringContaining('budget')]),
      );
    });

    it('names a contact block with a bad email address, or none', () => {
      const bad = programmeFile(good.replace('team@example.nhs.uk', 'not an address'));
      expect(problemsOf({ PROGRAMME_CONFIG: bad })).toEqual([`${bad}: contact.email must be an email address`]);
      const none = programmeFile(good.replace(/contact:.*\n/, ''));
      expect(problemsOf({ PROGRAMME_CONFIG: none })).toEqual([`${none}: contact must have email, phone and hours`]);
    });

    it('says when the file cannot be read', () => {
      expect(problemsOf({ PROGRAMME_CONFIG: '/nowhere/programme.yaml' })[0]).toMatch(
        /^PROGRAMME_CONFIG \/nowhere\/programme.yaml could not be read: ENOENT/,
      );
    });
  });
});

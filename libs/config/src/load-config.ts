import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ZodError } from 'zod';
import { AppConfig } from './app-config';
import { buildEnvSchema } from './env.schema';
import { programmeSchema } from './programme.schema';
import { workforceSchema } from './workforce.schema';

/** Raised when configuration is missing or wrong; `problems` holds one line per bad setting. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** A service the system needs cannot be reached at start-up; the message is the one line the operator sees. */
export class DependencyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DependencyUnavailableError';
  }
}

type Env = Record<string, string | undefined>;

function describe(error: ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.join('.') || '(file)';
    return `${prefix}${name} ${issue.message}`;
  });
}

/** The project root: the folder holding config/ (two levels above dist/libs/config/src or libs/config/src). */
export function projectRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    dir = resolve(dir, '..');
    try {
      readFileSync(resolve(dir, 'package.json'));
      if (!dir.endsWith('/dist')) return dir;
    } catch {
      /* keep climbing */
    }
  }
  return process.cwd();
}

function readYaml(path: string, variable: string): unknown {
  const file = isAbsolute(path) ? path : resolve(projectRoot(), path);
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${variable} ${path} could not be read: ${(err as Error).message.split('\n')[0]}`]);
  }
}

/** Reads and validates config/programme.yaml (or the file at `path`). */
export function loadProgrammeFacts(path: string) {
  const parsed = programmeSchema.safeParse(readYaml(path, 'PROGRAMME_CONFIG'));
  if (!parsed.success) throw new ConfigError(describe(parsed.error, `${path}: `));
  return parsed.data;
}

/** Reads and validates config/workforce.yaml (or the file at `path`). */
export function loadWorkforce(path: string) {
  const parsed = workforceSchema.safeParse(readYaml(path, 'WORKFORCE_CONFIG'));
  if (!parsed.success) throw new ConfigError(describe(parsed.error, `${path}: `));
  return parsed.data;
}

/**
 * Builds the validated configuration from an environment (process.env by
 * default). Throws ConfigError naming every bad variable; callers at start-up
 * print its lines and exit.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV || 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    throw new ConfigError([`NODE_ENV must be one of development, test, production (got "${nodeEnv}")`]);
  }
  const schema = buildEnvSchema(nodeEnv as AppConfig['nodeEnv']);
  const parsed = schema.safeParse({ ...env, NODE_ENV: nodeEnv });
  if (!parsed.success) throw new ConfigError(describe(parsed.error, ''));
  const e = parsed.data;
  const programme = loadProgrammeFacts(e.PROGRAMME_CONFIG);
  const workforce = loadWorkforce(e.WORKFORCE_CONFIG);
  return new AppConfig({
    nodeEnv: e.NODE_ENV,
    http: {
      port: e.PORT,
      host: e.HOST,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
      trustProxy: e.TRUST_PROXY,
    },
    database: { url: e.DATABASE_URL!, poolSize: e.DATABASE_POOL_SIZE, poolWaitMs: e.DATABASE_POOL_WAIT_MS, createIfMissing: e.DATABASE_CREATE_IF_MISSING },
    redis: { url: e.REDIS_URL!, queuePrefix: e.QUEUE_PREFIX },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    notifications: { placedLearnerSummaryHour: e.PLACED_LEARNER_SUMMARY_HOUR },
    sessionSecret: e.SESSION_SECRET!,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY, requests: e.LOG_REQUESTS },
    worker: { inProcess: e.WORKER_IN_PROCESS, concurrency: e.WORKER_CONCURRENCY },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    demoData: e.DEMO_DATA,
    auth: {
      requireStaffMfa: e.AUTH_REQUIRE_STAFF_MFA,
      sessionIdleMinutes: e.AUTH_SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: e.AUTH_SESSION_ABSOLUTE_HOURS,
      maxFailedSignIns: e.AUTH_MAX_FAILED_SIGNINS,
      lockoutMinutes: e.AUTH_LOCKOUT_MINUTES,
    },
    rateLimits: { apiPerMinute: e.RATE_LIMIT_API_PER_MINUTE, authPerAddressPerHour: e.RATE_LIMIT_AUTH_PER_ADDRESS_PER_HOUR },
    // Open in development and tests; in production only with the token (and not served at all without one).
    idempotencyLeaseSeconds: e.IDEMPOTENCY_LEASE_SECONDS,
    metrics: { token: e.METRICS_TOKEN, open: !e.METRICS_TOKEN && e.NODE_ENV !== 'production' },
    programme,
    workforce,
    eligibilityDir: e.ELIGIBILITY_RULES_DIR,
    exports: {
      dir: e.EXPORT_DIR || join(tmpdir(), 'pmdp-exports'),
      streamMaxRows: e.EXPORT_STREAM_MAX_ROWS,
      keepHours: e.EXPORT_KEEP_HOURS,
    },
  });
}

/** Hides the password in a connection URL, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

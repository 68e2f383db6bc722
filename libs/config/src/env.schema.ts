import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
      error: 'must be true or false',
    })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

const url = (protocols: string[], fallback?: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v === '' ? fallback : v;
      if (value === undefined) return undefined;
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be a URL starting ${protocols.join(' or ')}` });
        return z.NEVER;
      }
      if (!protocols.includes(parsed.protocol.replace(/:$/, '') + '://')) {
        ctx.addIssue({ code: 'custom', message: `must be a URL starting ${protocols.join(' or ')} (got ${parsed.protocol}//...)` });
        return z.NEVER;
      }
      return value;
    });

/** Development defaults that must never be used in production. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-change-me-please';

/**
 * The environment variables the system reads, with defaults that work on a
 * developer machine running local PostgreSQL and Redis. Production removes the
 * defaults that would be unsafe there (see the refinements in buildEnvSchema).
 */
export function buildEnvSchema(nodeEnv: 'development' | 'test' | 'production') {
  const production = nodeEnv === 'production';
  return z
    .object({
      NODE_ENV: z.enum(['development', 'test', 'production'], {
        error: 'must be one of development, test, production',
      }),
      PORT: int(3000, 1, 65535),
      HOST: z.string().optional().transform((v) => v || (production ? '0.0.0.0' : '127.0.0.1')),
      DATABASE_URL: url(['postgres://', 'postgresql://'], production ? undefined : 'postgres://postgres@127.0.0.1:5432/pmdp'),
      DATABASE_POOL_SIZE: int(10, 1, 200),
      DATABASE_POOL_WAIT_MS: int(5_000, 100, 60_000),
      DATABASE_CREATE_IF_MISSING: bool(!production),
      REDIS_URL: url(['redis://', 'rediss://'], production ? undefined : 'redis://127.0.0.1:6379'),
      QUEUE_PREFIX: z
        .string()
        .optional()
        .transform((v) => v || 'pmdp')
        .pipe(z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1-40 lower-case letters, digits, - or _')),
      SMTP_URL: url(['smtp://', 'smtps://']),
      MAIL_FROM: z
        .string()
        .optional()
        .transform((v) => v || 'Practice Manager Development Programme <no-reply@pmdp.example>')
        .pipe(z.string().regex(/@/, 'must contain an email address')),
      SESSION_SECRET: z
        .string()
        .optional()
        .transform((v) => v || (production ? undefined : DEVELOPMENT_SESSION_SECRET)),
      PUBLIC_BASE_URL: url(['http://', 'https://']),
      LOG_LEVEL: z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
          error: 'must be one of fatal, error, warn, info, debug, trace, silent',
        })
        .optional()
        .transform((v) => v ?? (nodeEnv === 'test' ? 'silent' : 'info')),
      // Readable lines for a developer at a terminal; JSON (for log collectors) everywhere else.
      LOG_PRETTY: bool(nodeEnv === 'development'),
      // A line per request; off in development so `npm start` shows what matters (demo sign-ins, URLs, errors).
      LOG_REQUESTS: bool(nodeEnv !== 'development'),
      WORKER_IN_PROCESS: bool(true),
      WORKER_CONCURRENCY: int(5, 1, 100),
      PLACED_LEARNER_SUMMARY_HOUR: int(8, 0, 23),
      SHUTDOWN_TIMEOUT_MS: int(10_000, 100, 600_000),
      DEMO_DATA: bool(!production),
      PROGRAMME_CONFIG: z.string().optional().transform((v) => v || 'config/programme.yaml'),
      WORKFORCE_CONFIG: z.string().optional().transform((v) => v || 'config/workforce.yaml'),
      ELIGIBILITY_RULES_DIR: z.string().optional().transform((v) => v || 'config/eligibility'),
      EXPORT_DIR: z.string().optional(),
      EXPORT_STREAM_MAX_ROWS: int(10_000, 0, 10_000_000),
      EXPORT_KEEP_HOURS: int(24, 1, 24 * 90),
      TRUST_PROXY: bool(false),
      AUTH_REQUIRE_STAFF_MFA: bool(production),
      AUTH_SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
      AUTH_SESSION_ABSOLUTE_HOURS: int(12, 1, 24 * 30),
      AUTH_MAX_FAILED_SIGNINS: int(5, 1, 100),
      AUTH_LOCKOUT_MINUTES: int(15, 1, 24 * 60),
      RATE_LIMIT_API_PER_MINUTE: int(1200, 10, 1_000_000),
      RATE_LIMIT_AUTH_PER_ADDRESS_PER_HOUR: int(100, 1, 1_000_000),
      IDEMPOTENCY_LEASE_SECONDS: int(30, 2, 3600),
      METRICS_TOKEN: z
        .string()
        .optional()
        .transform((v) => v || undefined)
        .refine((v) => v === undefined || v.length >= 24, { message: 'must be at least 24 characters' }),
    })
    .superRefine((env, ctx) => {
      if (env.DATABASE_URL === undefined) {
        ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production' });
      }
      if (env.REDIS_URL === undefined) {
        ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'is required in production' });
      }
      if (env.SESSION_SECRET === undefined) {
        ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
      } else if (env.SESSION_SECRET.length < 32) {
        ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'must be at least 32 characters' });
      } else if (production && env.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'must not be the development default in production' });
      }
      if (production && env.SMTP_URL === undefined) {
        ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required in production (the development mailbox is not for real email)' });
      }
      if (production && env.PUBLIC_BASE_URL === undefined) {
        ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'is required in production (email links are built from it)' });
      }
    });
}

import type { Clock } from './clock';
import type { ProgrammeFacts } from './programme.schema';
import type { WorkforceFramework } from './workforce.schema';

/**
 * The one typed configuration object. Nothing else in the system reads
 * process.env: inject this class instead.
 */
export class AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly http: { port: number; host: string; publicBaseUrl: string; trustProxy: boolean };
  /** `poolWaitMs`: how long a request waits for one of the pool's connections before it is answered 503. */
  readonly database: { url: string; poolSize: number; poolWaitMs: number; createIfMissing: boolean };
  readonly redis: { url: string; queuePrefix: string };
  readonly mail: { smtpUrl?: string; from: string };
  /** `placedLearnerSummaryHour`: the hour (0-23, in England) the daily summary of newly placed learners goes to the provider users who chose it. */
  readonly notifications: { placedLearnerSummaryHour: number };
  readonly sessionSecret: string;
  readonly log: { level: string; pretty: boolean; requests: boolean };
  readonly worker: { inProcess: boolean; concurrency: number };
  readonly shutdownTimeoutMs: number;
  readonly demoData: boolean;
  readonly auth: {
    requireStaffMfa: boolean;
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    maxFailedSignIns: number;
    lockoutMinutes: number;
  };
  readonly rateLimits: { apiPerMinute: number; authPerAddressPerHour: number };
  /** How long an Idempotency-Key's claim lasts without renewal: after a crash, the same key runs again once it lapses. */
  readonly idempotencyLeaseSeconds: number;
  /** /metrics: `open` to anyone (development), else only with `Authorization: Bearer <token>`; no token in production means not served. */
  readonly metrics: { token?: string; open: boolean };
  readonly programme: ProgrammeFacts;
  readonly workforce: WorkforceFramework;
  /** Folder of eligibility rule sets, config/eligibility/<version>.yaml. */
  readonly eligibilityDir: string;
  /**
   * Report exports built by the worker: files under `dir` (EXPORT_DIR, default
   * a folder in the system's temporary directory), kept `keepHours`. A page's
   * Excel export of more than `streamMaxRows` rows is queued instead of
   * streamed to the browser.
   */
  readonly exports: { dir: string; streamMaxRows: number; keepHours: number };
  /** The clock this process decides by; unset means the system clock (tests set a TestClock). See Clock. */
  readonly clock?: Clock;

  constructor(values: Omit<AppConfig, 'isProduction' | 'withOverrides'>) {
    Object.assign(this, values);
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /** A copy with some sections replaced; used by tests and the bench to point at scratch resources. */
  withOverrides(overrides: Partial<{ [K in keyof AppConfig]: AppConfig[K] }>): AppConfig {
    return new AppConfig({ ...this, ...overrides } as AppConfig);
  }
}

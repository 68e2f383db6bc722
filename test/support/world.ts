import type { INestApplicationContext, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TestClock, type AppConfig } from '@app/config';
import { AccountsService, SYSTEM_ACTOR, type Role } from '@app/identity';
import { ProvidersService, type ProviderView } from '@app/training';
import { startWorker } from '../../apps/worker/src/start-worker';
import { startTestApp, testConfig, type TestApp } from './app';
import { json } from './http';
import { SmtpSink } from './smtp-sink';

export const PASSWORD = 'a long test passphrase 2026';

/**
 * The system as a person meets it: the API on a free port, a worker sending
 * email, and a real SMTP server catching it. Factories build what a test
 * needs in one line. Both the API and the worker decide by one TestClock,
 * `w.clock`: a test moves it forward to let an offer lapse or a reminder
 * fall due (`w.clock.advance({ days: 15 })`), never edits rows' dates.
 */
export class World {
  constructor(
    readonly api: TestApp,
    readonly worker: INestApplicationContext | undefined,
    readonly smtp: SmtpSink,
    readonly clock: TestClock,
  ) {}

  static async start(options: { config?: (c: AppConfig) => Partial<AppConfig>; worker?: boolean; imports?: Type[]; workerImports?: Type[] } = {}): Promise<World> {
    const smtp = await new SmtpSink().start();
    const clock = new TestClock();
    const config = testConfig((c) => ({ mail: { ...c.mail, smtpUrl: smtp.url }, clock, ...options.config?.(c) }));
    const api = await startTestApp({ config, imports: options.imports });
    const worker = options.worker === false ? undefined : await startWorker(config, options.workerImports);
    return new World(api, worker, smtp, clock);
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.api.close();
    await this.smtp.stop();
  }

  get db(): DataSource {
    return this.api.app.get<DataSource>(getDataSourceToken());
  }

  url(path: string): string {
    return `${this.api.url}/api/v1${path}`;
  }

  /** A request as JSON; `token` is a session token or API key. */
  async call(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const res = await fetch(path.startsWith('http') ? path : this.url(path), {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? safeJson(text) : undefined };
  }

  /** A ready account with a known password (and a provider for provider users). */
  async user(role: Role, options: { providerId?: string } = {}): Promise<{ id: string; email: string; providerId?: string }> {
    const email = `${role}-${randomBytes(5).toString('hex')}@example.org`;
    const providerId = role === 'provider' ? (options.providerId ?? (await this.provider()).id) : undefined;
    const user = await this.api.app.get(AccountsService).createUser({ role, email, password: PASSWORD, fullName: `Test ${role}`, providerId }, SYSTEM_ACTOR);
    return { id: user.id, email, providerId };
  }

  async provider(name = 'Test Provider'): Promise<ProviderView> {
    const ukprn = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    return this.api.app.get(ProvidersService).create({ name: `${name} ${ukprn}`, ukprn }, SYSTEM_ACTOR);
  }

  async signIn(email: string, password = PASSWORD, otp?: string): Promise<string> {
    const res = await this.call('POST', '/auth/login', { body: { email, password, ...(otp ? { otp } : {}) } });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }

  /** A new user of `role`, signed in. */
  async signedIn(role: Role, options: { providerId?: string } = {}) {
    const user = await this.user(role, options);
    return { ...user, token: await this.signIn(user.email) };
  }

  async apiKey(providerId: string, adminToken: string): Promise<string> {
    const res = await this.call('POST', `/admin/providers/${providerId}/api-keys`, { token: adminToken, body: { name: 'test key' } });
    if (res.status !== 201) throw new Error(`api key: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.key;
  }
}

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export { json };

import type { INestApplication, Type } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@app/config';
import { createApiApp } from '../../apps/api/src/create-app';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  url: string;
  close(): Promise<void>;
}

/** The test run's configuration (database and queue prefix from the global setup), with changes. */
export function testConfig(changes: (config: AppConfig) => Partial<AppConfig> = () => ({})): AppConfig {
  const config = loadConfig();
  return config.withOverrides(changes(config));
}

/** Starts the real API on a free port against the test database. */
export async function startTestApp(
  options: { config?: AppConfig; imports?: Type[]; adapter?: 'fastify' | 'express' } = {},
): Promise<TestApp> {
  const config = options.config ?? testConfig();
  const app = await createApiApp(config, { imports: options.imports, adapter: options.adapter });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, config, url, close: () => app.close() };
}

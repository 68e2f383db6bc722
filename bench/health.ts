import { measure, report, scratchDatabase, startServer, type Measured } from './harness';

/**
 * GET /health/ready on the real API (Fastify, then Express) against a bare
 * Fastify + pg endpoint doing the same database and Redis work.
 */
export async function run(): Promise<void> {
  const db = await scratchDatabase();
  const runs: Measured[] = [];
  try {
    for (const [name, script, args] of [
      ['baseline: raw fastify + pg', 'raw-health', []],
      ['app (NestJS + Fastify)', 'app', ['fastify']],
      ['app (NestJS + Express)', 'app', ['express']],
    ] as const) {
      const server = await startServer(script, db.env, [...args]);
      try {
        runs.push(await measure(name, { url: `${server.url}/health/ready` }));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await db.close();
  }
  report('bench/health: GET /health/ready', runs);
}

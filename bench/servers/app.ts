import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { createApiApp } from '../../apps/api/src/create-app';
import { countQueries } from './count-queries';

const queries = countQueries();

/** The real API (Fastify unless argv[2] is "express") on PORT against DATABASE_URL. */
async function main() {
  const adapter = process.argv[2] === 'express' ? 'express' : 'fastify';
  const config = loadConfig();
  const app = await createApiApp(config, { adapter });
  await app.listen(config.http.port, '127.0.0.1');
  console.log('listening');
  process.once('SIGTERM', async () => {
    process.stdout.write(`queries ${queries()}\n`);
    await app.close();
    process.exit(0);
  });
}

void main();

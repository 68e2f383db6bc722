import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { Pool } from 'pg';

/**
 * The baseline: a bare Fastify endpoint doing the same work as the app's
 * /health/ready (SELECT 1, the migrations query, a Redis PING) through a
 * pg pool of the same size, with none of the framework.
 */
async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const app = Fastify();
  app.get('/health/ready', async () => {
    await pool.query('SELECT 1');
    await pool.query('SELECT name FROM migrations');
    await redis.ping();
    return { status: 'ok' };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  console.log('listening');
  process.once('SIGTERM', async () => {
    await app.close();
    await pool.end();
    redis.disconnect();
    process.exit(0);
  });
}

void main();

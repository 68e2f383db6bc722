import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Client } from 'pg';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@app/config';
import { dropDatabase, prepareDatabase } from '@app/database';

/** Knobs every bench shares; override with BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WARMUP. */
export const settings = {
  durationSeconds: Number(process.env.BENCH_DURATION ?? 10),
  warmupSeconds: Number(process.env.BENCH_WARMUP ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
};

export interface Measured {
  name: string;
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  errors: number;
  non2xx: number;
}

/** A scratch database, migrated, dropped by `close`. */
export async function scratchDatabase(): Promise<{ config: AppConfig; env: Record<string, string>; close(): Promise<void> }> {
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const url = new URL(base.database.url);
  url.pathname = `/pmdp_bench_${randomBytes(4).toString('hex')}`;
  const config = base.withOverrides({ database: { ...base.database, url: url.toString(), createIfMissing: true } });
  await prepareDatabase(config);
  return {
    config,
    env: { DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false' },
    // BENCH_KEEP_DB=1 keeps the database for a look afterwards (psql), and prints its URL.
    close: async () => (process.env.BENCH_KEEP_DB ? console.log(`Kept the database: ${url.toString()}`) : dropDatabase(url.toString())),
  };
}

/**
 * A copy of a scratch database as it stands (CREATE DATABASE ... TEMPLATE;
 * nothing may be connected to it), dropped by `close`.
 */
export async function cloneDatabase(url: string, suffix = 'copy'): Promise<{ url: string; close(): Promise<void> }> {
  const source = new URL(url);
  const copy = new URL(url);
  copy.pathname = `${source.pathname}_${suffix}`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${copy.pathname.slice(1)}" TEMPLATE "${source.pathname.slice(1)}"`);
  } finally {
    await client.end();
  }
  return { url: copy.toString(), close: () => dropDatabase(copy.toString()) };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a bench server (bench/servers/<script>.js) in its own process, so the
 * load generator and the server do not share an event loop.
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ url: string; pid: number; stop(): Promise<string>; output(): string }> {
  const port = await freePort();
  // BENCH_NODE_ARGS passes flags to the servers, for example "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(__dirname, 'servers', `${script}.js`), ...args], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('listening')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    stop: () =>
      new Promise<string>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve(output));
        child.kill('SIGTERM');
      }),
  };
}

/** Warms up, then measures one URL with autocannon. */
export async function measure(name: string, options: autocannon.Options): Promise<Measured> {
  if (settings.warmupSeconds > 0) await autocannon({ ...options, duration: settings.warmupSeconds, connections: settings.connections });
  const r = await autocannon({ ...options, duration: settings.durationSeconds, connections: settings.connections });
  return {
    name,
    requestsPerSecond: r.requests.average,
    p99Ms: r.latency.p99,
    p50Ms: r.latency.p50,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** Prints each run beside the baseline (the first), with the ratio of throughputs. */
export function report(title: string, runs: Measured[]): void {
  const [baseline] = runs;
  console.log(`\n${title}  (${settings.connections} connections, ${settings.durationSeconds}s each after ${settings.warmupSeconds}s warm-up)`);
  console.log('name'.padEnd(34) + 'req/s'.padStart(10) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'errors'.padStart(8) + 'non-2xx'.padStart(9) + '  ratio to baseline');
  for (const r of runs) {
    console.log(
      r.name.padEnd(34) +
        r.requestsPerSecond.toFixed(0).padStart(10) +
        r.p50Ms.toFixed(1).padStart(9) +
        r.p99Ms.toFixed(1).padStart(9) +
        String(r.errors).padStart(8) +
        String(r.non2xx).padStart(9) +
        `  ${(r.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}`,
    );
  }
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');

/** A built entry point (npm test builds first, through its pretest step). */
export function built(entry: string): string {
  const file = join(ROOT, 'dist', entry);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build (npm test does it for you)`);
  return file;
}

export interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** Runs a built entry point with the test run's environment plus `env`. */
export function run(entry: string, env: Record<string, string> = {}, args: string[] = []): Running {
  const child = spawn(process.execPath, [built(entry), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    stderr: () => err,
    exited,
    async waitForOutput(pattern, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(out + err)) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; output so far:\n${out}${err}`);
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${pattern}:\n${out}${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

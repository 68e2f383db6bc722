import { ConfigError, DependencyUnavailableError } from './load-config';

/**
 * Runs a process entry point. Configuration and reachability problems end the
 * process with their one-line messages on stderr and exit code 1, no stack.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      for (const line of err.problems) process.stderr.write(`Configuration error: ${line}\n`);
    } else if (err instanceof DependencyUnavailableError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`Start-up failed: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    process.exit(1);
  });
}

export interface Closeable {
  close(): Promise<unknown>;
}

/**
 * On SIGTERM or SIGINT, closes each part in order (stop taking HTTP requests
 * and finish those in flight, then let workers finish their jobs), and exits.
 * A part that takes longer than `timeoutMs` is abandoned with exit code 1.
 */
export function closeOnSignal(parts: Closeable[], timeoutMs: number, log: (msg: string) => void): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: finishing in-flight work (up to ${timeoutMs} ms)`);
    const timer = setTimeout(() => {
      log('Shutdown timed out; exiting with work unfinished');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    try {
      for (const part of parts) await part.close();
      log('Shut down cleanly');
      process.exit(0);
    } catch (err) {
      log(`Shutdown failed: ${(err as Error).message}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

import type { LoggerService } from '@nestjs/common';
import { QuietBootLogger } from './boot-logger';

function recorder() {
  const calls: string[] = [];
  const inner: LoggerService = {
    log: (m: unknown, ...r: unknown[]) => calls.push(`log ${String(m)} ${r.join(',')}`),
    error: (m: unknown) => calls.push(`error ${String(m)}`),
    warn: (m: unknown) => calls.push(`warn ${String(m)}`),
    debug: (m: unknown, ...r: unknown[]) => calls.push(`debug ${String(m)} ${r.join(',')}`),
  };
  return { calls, logger: new QuietBootLogger(inner) };
}

describe('QuietBootLogger', () => {
  it("sends Nest's module and route announcements to debug", () => {
    const { calls, logger } = recorder();
    logger.log('Mapped {/api/v1/rounds, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(calls).toEqual(['debug Mapped {/api/v1/rounds, GET} route RouterExplorer', 'debug AppModule dependencies initialized InstanceLoader']);
  });

  it('passes the application’s own lines and every warning and error through', () => {
    const { calls, logger } = recorder();
    logger.log('Applied migrations: X', 'Bootstrap');
    logger.log('no context');
    logger.warn('slow');
    logger.error('broken');
    expect(calls).toEqual(['log Applied migrations: X Bootstrap', 'log no context ', 'warn slow', 'error broken']);
  });
});

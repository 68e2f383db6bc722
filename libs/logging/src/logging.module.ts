import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pretty from 'pino-pretty';
import { AppConfig } from '@app/config';
import { assignRequestId } from '@app/http';
import { describeError } from './errors';
import { REDACT_PATHS, redactUrlQuery } from './redaction';

/**
 * Structured pino logs for every process. HTTP requests carry their request
 * id on every line logged while handling them; personal data is redacted.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const options = {
          level: config.log.level,
          redact: { paths: REDACT_PATHS, censor: '[redacted]' },
          genReqId: (req: IncomingMessage, res: ServerResponse) => assignRequestId(req, res),
          customProps: () => ({ service: 'pmdp' }),
          serializers: {
            req: (req: { id: string; method: string; url: string; headers?: Record<string, unknown> }) => ({
              id: req.id,
              method: req.method,
              url: redactUrlQuery(req.url),
              userAgent: req.headers?.['user-agent'],
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            // Errors from an allow-list: a database error's parameters never reach the log (errors.ts).
            err: describeError,
          },
          // Probes hit these every few seconds; logging each would drown real traffic.
          // (Fastify's middleware layer rewrites req.url while middleware runs; originalUrl is the path asked for.)
          autoLogging: config.log.requests && {
            ignore: (req: IncomingMessage & { originalUrl?: string }) => /^\/(health\/|metrics)/.test(req.originalUrl ?? req.url ?? ''),
          },
        };
        // Pretty lines go through a synchronous stream, not a transport: a transport's worker thread
        // would print lines logged before the start-up banner after it.
        return { pinoHttp: config.log.pretty ? [options, pretty({ singleLine: true, sync: true, ignore: 'pid,hostname,service' })] : options };
      },
    }),
  ],
})
export class LoggingModule {}

import { INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '@app/config';
import { assignRequestId, createValidationPipe } from '@app/http';
import { QuietBootLogger } from '@app/logging';
import { MAX_CSV_BYTES } from '@app/training';
import { AppModule } from './app.module';
import { hardenHttp } from './http-hardening';
import { Metrics } from './metrics/metrics';
import { mountQueueBoard } from './notifications/queue-board';
import { setUpOpenApi, OPENAPI_UI_PATH } from './openapi';
import { portalRoutes } from './portal/portal-routes';
import { registerPortalPlugins } from './portal/kit/plugins';
import { PortalPages } from './portal/kit/pages';
import { ProblemFilter } from './problem/problem.filter';

export const API_PREFIX = 'api/v1';

/** Routes outside /api/v1: probes and metrics keep the paths orchestrators expect; the portal's pages live under /portal. */
export const UNPREFIXED = [
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
  { path: 'dev/mailbox', method: RequestMethod.GET },
  ...portalRoutes(),
];

/** Where nhsuk-frontend's stylesheet loads the NHS Frutiger font from (its @font-face rules). */
export const NHS_FONT_HOST = 'https://assets.nhs.uk';

/**
 * Strict by default: same-origin everything, no inline script, no framing.
 * In production fonts may also come from the NHS font host, so pages use
 * Frutiger; development and test reach no network and keep 'self' only (the
 * pages fall back to Arial there).
 */
export function contentSecurityPolicy(config: Pick<AppConfig, 'nodeEnv'>) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: config.nodeEnv === 'production' ? ["'self'", NHS_FONT_HOST] : ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/** Swagger UI sets inline style attributes; only its own pages get that one relaxation. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";

export interface CreateAppOptions {
  /** Fastify is the production adapter; Express exists to measure the choice (bench/health). */
  adapter?: 'fastify' | 'express';
  /** Extra modules mounted beside the application's own (tests add probe routes this way). */
  imports?: Type[];
}

/**
 * Builds the HTTP application with everything every route relies on:
 * validation, problem+json errors, request ids, security headers, metrics,
 * OpenAPI. Used by main, the tests and the bench, so all three run the same app.
 */
export async function createApiApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const app = options.adapter === 'express' ? await createExpress(config, options.imports) : await createFastify(config, options.imports);
  app.useLogger(new QuietBootLogger(app.get(Logger)));
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
  app.useGlobalPipes(createValidationPipe());
  // Portal error pages keep the layout (the signed-in header, the sign-in form on a 401).
  app.useGlobalFilters(new ProblemFilter(app.get(PortalPages)));
  setUpOpenApi(app, config);
  // No enableShutdownHooks: main closes the API and the in-process worker in order on SIGTERM.
  await app.init();
  return app;
}

async function createFastify(config: AppConfig, imports: Type[] = []): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: config.http.trustProxy,
    bodyLimit: 6 * 1024 * 1024,
    // One id for Fastify's own logs and ours: the same function pino-http uses.
    // One id for Fastify and pino-http: the same function, which keeps the first id it assigns.
    genReqId: (req: IncomingMessage) => assignRequestId(req, NO_RESPONSE),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, imports), adapter, { bufferLogs: true });
  await app.register(helmet, { contentSecurityPolicy: { directives: contentSecurityPolicy(config) } });
  await registerPortalPlugins(app);
  const fastify = app.getHttpAdapter().getInstance();
  // After the portal's multipart hook, so the checks see a form's fields too.
  hardenHttp(fastify);
  // Provider CSV uploads arrive as text; past 5 MB Fastify answers 413 before anything is read.
  fastify.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_req, body, done) => done(null, body));
  const metrics = app.get(Metrics);
  // On shutdown Node closes the idle keep-alive connections, but one with a request in flight would stay
  // open after its response until the client's keep-alive ran out (72 s behind a load balancer), far past
  // SHUTDOWN_TIMEOUT_MS. Answering in-flight requests with Connection: close lets each close as it finishes.
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith(`/${OPENAPI_UI_PATH}`)) reply.header('content-security-policy', DOCS_CSP);
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  await mountQueueBoard(app);
  return app;
}

/** Fastify asks for an id before a response exists; the onRequest hook echoes it instead. */
const NO_RESPONSE = { headersSent: true } as ServerResponse;

async function createExpress(config: AppConfig, imports: Type[] = []): Promise<INestApplication> {
  // Loaded lazily: Express and helmet are development dependencies, used only to measure the adapter choice.
  const { ExpressAdapter } = await import('@nestjs/platform-express');
  const { default: expressHelmet } = await import('helmet');
  const app = await NestFactory.create(AppModule.forRoot(config, imports), new ExpressAdapter(), { bufferLogs: true });
  app.use(expressHelmet({ contentSecurityPolicy: { directives: contentSecurityPolicy(config) } }));
  const metrics = app.get(Metrics);
  app.use((req: IncomingMessage & { route?: { path?: string } }, res: ServerResponse, next: () => void) => {
    const started = process.hrtime.bigint();
    assignRequestId(req, res);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observe(req.method ?? 'GET', req.route?.path ?? 'unmatched', res.statusCode, seconds);
    });
    next();
  });
  return app;
}

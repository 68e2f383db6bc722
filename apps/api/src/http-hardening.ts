import type { FastifyInstance } from 'fastify';
import { clientError, inputShapeProblems, RequestValidationError } from '@app/http';
import { MAX_CSV_BYTES } from '@app/training';

/** The routes that take a file, and so the only ones that parse multipart bodies. */
const MULTIPART_ROUTES = new Set(['/portal/provider/reports/upload', '/portal/staff/workforce/practices/upload', '/portal/staff/workforce/counts']);

/**
 * Body limits by route, whatever the content type: a CSV sent as text/plain
 * (or anything else) meets the same 5 MB as text/csv. The portal's upload
 * adds room for its few form fields around the file.
 */
const ROUTE_BODY_LIMITS: Record<string, number> = {
  '/api/v1/provider/reports/csv': MAX_CSV_BYTES,
  '/portal/provider/reports/upload': MAX_CSV_BYTES + 64 * 1024,
  '/api/v1/admin/practices': MAX_CSV_BYTES,
  '/api/v1/admin/workforce-counts': MAX_CSV_BYTES,
  '/portal/staff/workforce/practices/upload': MAX_CSV_BYTES + 64 * 1024,
  '/portal/staff/workforce/counts': MAX_CSV_BYTES + 64 * 1024,
};

/**
 * What every request meets before a handler: the body limit of its route,
 * multipart only where a route takes a file (a malformed one is a 400, not
 * a 500), no NUL characters and no absurd nesting in any field (named in a
 * 400), and no caching of API responses, which carry tokens and personal data.
 * Registered before Nest adds its routes, so onRoute sees every one.
 */
export function hardenHttp(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const limit = ROUTE_BODY_LIMITS[route.url];
    if (limit !== undefined) route.bodyLimit = limit;
  });

  fastify.addHook('preParsing', async (request, _reply, payload) => {
    const type = String(request.headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('multipart/')) {
      if (!MULTIPART_ROUTES.has(request.routeOptions.url ?? '')) {
        throw clientError(415, 'This address does not take multipart bodies: send JSON (application/json) or a URL-encoded form');
      }
      if (!/;\s*boundary=/.test(type)) throw clientError(400, 'The multipart body has no boundary in its Content-Type');
    }
    return payload;
  });

  fastify.addHook('preValidation', async (request) => {
    const problems = [...inputShapeProblems(request.body, 'body'), ...inputShapeProblems(request.query, 'query')];
    if (problems.length) throw new RequestValidationError(problems);
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

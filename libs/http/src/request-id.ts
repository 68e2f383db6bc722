import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request id: the caller's X-Request-Id when it looks like an id (so a
 * trace crosses systems), otherwise a new UUID. Echoed on the response.
 */
export function assignRequestId(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** The id of a request, whichever adapter (Fastify wraps the raw request; Express is it). */
export function requestIdOf(request: { id?: unknown; raw?: { id?: unknown } }): string | undefined {
  const id = request.raw?.id ?? request.id;
  return typeof id === 'string' ? id : undefined;
}

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '@app/http';
import { SessionsService, sessionCookieOf } from '@app/identity';
import { QUEUE } from '@app/queue';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** The board's own pages load its scripts and styles from here; it sets style attributes, so only its pages allow inline styles. */
const BOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * Mounts the BullMQ queue board (bull-board) at /admin/queues for admins only.
 * The board is a Fastify plugin, outside Nest's router and its AuthGuard, so
 * its routes get their own onRequest hook: an admin's bearer session token or
 * portal cookie session (SessionsService.authenticate), otherwise 401 or 403
 * as problem+json; with the cookie, a change must come from this origin.
 * Provider API keys never reach it. Email jobs are read-only on the board:
 * an admin resends a message from the delivery log (/api/v1/admin/notifications).
 */
export async function mountQueueBoard(app: INestApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const board = new BoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUE).map((name) => {
      const queue = app.get<Queue>(getQueueToken(name), { strict: false });
      return new BullMQAdapter(queue, name === QUEUE.notifications ? { readOnlyMode: true, description: 'Email from the outbox: resend from the delivery log' } : {});
    }),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'PMDP queues' } },
  });
  const sessions = app.get(SessionsService, { strict: false });

  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization?.trim() ?? '')?.[1];
      // A browser opens the board with the portal's cookie session; API clients send a bearer token.
      const cookie = bearer ? undefined : sessionCookieOf(request.headers.cookie);
      const principal = bearer ? await sessions.authenticate(bearer) : cookie ? await sessions.authenticate(cookie, 'cookie') : null;
      if (!principal) return problem(reply, request, 401, bearer || cookie ? 'Your session has ended. Sign in again.' : 'Sign in as an admin to see the queues');
      if (principal.role !== 'admin' || principal.mfaSetupOnly) return problem(reply, request, 403, 'Only admins can see the queues');
      // The board's own buttons (retry, clean, pause) post from its page: with a cookie, a change must come from this origin.
      if (cookie && !SAFE_METHODS.has(request.method) && !fromThisOrigin(request)) return problem(reply, request, 403, 'This request did not come from the queue board');
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', BOARD_CSP);
      return payload;
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A browser says where a request came from: Sec-Fetch-Site, or failing that the Origin against the Host. */
function fromThisOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function problem(reply: FastifyReply, request: FastifyRequest, status: 401 | 403, detail: string): FastifyReply {
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="pmdp"');
  return reply
    .code(status)
    .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, detail, instance: request.url.split('?')[0], requestId: String(request.id) }));
}

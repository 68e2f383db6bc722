import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { routeTable } from './routes';

/** Every link in an email to `baseUrl`: the HTML's hrefs and the addresses written out in the text. */
export function linksIn(email: { html: string; text: string }, baseUrl: string): { links: string[]; elsewhere: string[] } {
  const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  const written = [...`${email.text}\n${email.html}`.matchAll(/https?:\/\/[^\s"<>)]+/g)].map((m) => m[0].replace(/&amp;/g, '&').replace(/[.,;:]+$/, ''));
  const all = [...new Set([...hrefs, ...written])];
  return { links: all.filter((l) => l === baseUrl || l.startsWith(`${baseUrl}/`)), elsewhere: all.filter((l) => !(l === baseUrl || l.startsWith(`${baseUrl}/`))) };
}

/**
 * Whether the running application answers GET at `path`: a controller's GET
 * route (its `:params` matching any one segment), or a route registered on
 * Fastify directly (the OpenAPI UI, the assets).
 */
export function servesGet(app: INestApplication): (path: string) => boolean {
  const patterns = routeTable(app)
    .filter((r) => r.method === 'GET')
    .map((r) => new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`));
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  return (path) => patterns.some((p) => p.test(path)) || fastify.hasRoute({ method: 'GET', url: path });
}

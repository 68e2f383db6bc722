import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { MAX_CSV_BYTES } from '@app/training';
import { NHSUK_FRONTEND } from './views';

/** nhsuk-frontend's compiled CSS and JS, and the images its CSS asks for at /assets/images/. */
const ASSET = /^\/(nhsuk-frontend\.min\.(css|js)|images\/[a-z0-9-]+\.(svg|png|ico))$/;

/**
 * What the portal needs from Fastify: multipart forms (a CSV file
 * up to 5 MB, its fields on the body so the auth guard can check the CSRF
 * token before the handler runs), and nhsuk-frontend's assets under /assets/.
 * URL-encoded forms are parsed by Nest's Fastify adapter already; the one
 * cookie is read by the auth guard and written by session-cookie.ts.
 */
export async function registerPortalPlugins(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 10, parts: 11 } });
  await app.register(fastifyStatic, {
    root: [join(NHSUK_FRONTEND, 'nhsuk'), join(NHSUK_FRONTEND, 'nhsuk/assets')],
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    allowedPath: (path) => ASSET.test(path),
    maxAge: '1h',
  });
}

import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { clientError } from '@app/http';
import { MAX_CSV_BYTES } from '@app/training';
import { NHSUK_FRONTEND } from './views';

/** nhsuk-frontend's compiled CSS and JS, and the images its CSS asks for at /assets/images/. */
const ASSET = /^\/(nhsuk-frontend\.min\.(css|js)|images\/[a-z0-9-]+\.(svg|png|ico))$/;

/**
 * Puts a multipart form's fields on the body (a file as a Buffer), as
 * @fastify/multipart's attachFieldsToBody does, but a body that ends early or
 * cannot be parsed is the sender's fault: 400 naming the problem, not a 500.
 * Its own errors with a status (a file over 5 MB is 413) keep theirs.
 */
async function readMultipartFields(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const body: Record<string, string | Buffer> = {};
  try {
    for await (const part of request.parts()) {
      body[part.fieldname] = part.type === 'file' ? await part.toBuffer() : String(part.value ?? '');
    }
  } catch (err) {
    if (typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err;
    throw clientError(400, `The form could not be read: ${(err as Error).message}`);
  }
  request.body = body;
}

/**
 * What the portal needs from Fastify: multipart forms (a CSV file
 * up to 5 MB, its fields on the body so the auth guard can check the CSRF
 * token before the handler runs), and nhsuk-frontend's assets under /assets/.
 * URL-encoded forms are parsed by Nest's Fastify adapter already; the one
 * cookie is read by the auth guard and written by session-cookie.ts.
 */
export async function registerPortalPlugins(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 10, parts: 11 } });
  app.getHttpAdapter().getInstance().addHook('preValidation', readMultipartFields);
  await app.register(fastifyStatic, {
    root: [join(NHSUK_FRONTEND, 'nhsuk'), join(NHSUK_FRONTEND, 'nhsuk/assets')],
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    allowedPath: (path) => ASSET.test(path),
    maxAge: '1h',
  });
}

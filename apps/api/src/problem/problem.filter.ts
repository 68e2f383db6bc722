import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import {
  DomainError,
  PROBLEM_CONTENT_TYPE,
  ProblemDetails,
  problemType,
  requestIdOf,
  RequestValidationError,
} from '@app/http';
import { isDatabaseUnavailable } from '@app/database';
import { describeError } from '@app/logging';
import type { FastifyReply } from 'fastify';
import { isPortalPath, portalErrorPage, type ErrorPageOptions } from '../portal/kit/error-page';
import type { PortalPages, PortalRequest } from '../portal/kit/pages';
import { domainErrorStatus } from './domain-error-status';

interface ReplyLike {
  status?: (code: number) => ReplyLike;
  code?: (code: number) => ReplyLike;
  header?: (name: string, value: string) => ReplyLike;
  setHeader?: (name: string, value: string) => void;
  send?: (body: string) => unknown;
}

/**
 * Every error leaves the API as RFC 9457 problem+json. Validation failures
 * list each field; domain errors are mapped once (domainErrorStatus); anything
 * unexpected is a 500 that says nothing about internals, logged with its stack.
 * Portal pages (/portal/...) get the same status and headers with an HTML page.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  /** `portal` renders error pages inside the portal's layout (the signed-in header, the sign-in form); without it they are plain. */
  constructor(private readonly portal?: Pick<PortalPages, 'errorPage'>) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ url?: string; method?: string; id?: unknown; raw?: { id?: unknown }; routeOptions?: { url?: string } }>();
    const reply = http.getResponse<ReplyLike>();
    const problem = this.toProblem(exception);
    problem.instance = request.url?.split('?')[0];
    problem.requestId = requestIdOf(request);
    if (problem.status === 503) {
      // Passing (the database restarting, the pool busy, a dependency away): a warning, and no stack to wade through.
      const { stack: _stack, ...err } = describeError(exception);
      this.logger.warn({ err, requestId: problem.requestId }, 'Service unavailable for this request');
    } else if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: problem.requestId }, 'Unhandled error');
    }
    if (isPortalPath(request.url)) {
      const retryAfterSeconds = (exception as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      const options = { retryAfterSeconds, method: request.method, route: request.routeOptions?.url };
      const html = this.portalPage(request, reply, problem, options) ?? portalErrorPage(problem, options);
      // Never cached: it may carry the person's navigation or a sign-in form's token.
      send(reply, problem.status, html, { ...headersOf(exception, 'text/html; charset=utf-8', problem.status), 'cache-control': 'no-store' });
      return;
    }
    send(reply, problem.status, JSON.stringify(problem), headersOf(exception, `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, problem.status));
  }

  /** The error page in the portal's layout, or undefined to send the plain one (no portal, not Fastify, or the layout itself failing). */
  private portalPage(request: object, reply: ReplyLike, problem: ProblemDetails, options: ErrorPageOptions): string | undefined {
    if (!this.portal || !isFastifyRequest(request)) return undefined;
    try {
      return this.portal.errorPage(request, reply as unknown as FastifyReply, problem, options);
    } catch (err) {
      // The error must still be answered; the plain page says what happened.
      this.logger.error({ err, requestId: problem.requestId }, 'Portal error page failed');
      return undefined;
    }
  }

  toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof RequestValidationError) {
      return {
        type: problemType('validation'),
        title: 'Your request has invalid fields',
        status: HttpStatus.BAD_REQUEST,
        detail: exception.errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors: exception.errors,
      };
    }
    if (exception instanceof DomainError) {
      const status = domainErrorStatus(exception);
      return {
        type: problemType(`${exception.domain}/${exception.code}`.replace(/_/g, '-')),
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: exception.message,
        code: exception.code,
        // Bulk report problems are {row, column, message}; every other domain problem is {field, message}.
        ...(exception.rowErrors ? { errors: exception.rowErrors } : exception.errors ? { errors: exception.errors } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail =
        typeof body === 'string'
          ? body
          : typeof (body as { message?: unknown }).message === 'string'
            ? (body as { message: string }).message
            : Array.isArray((body as { message?: unknown }).message)
              ? (body as { message: string[] }).message.join('; ')
              : exception.message;
      // An HttpException may carry extension members and its own problem type (NotReadyError does).
      const { problemSlug, problemExtensions } = exception as { problemSlug?: string; problemExtensions?: object };
      return {
        type: problemSlug ? problemType(problemSlug) : 'about:blank',
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail,
        ...problemExtensions,
      };
    }
    // Fastify raises its own errors (bad JSON, body too large, wrong content type) with a statusCode.
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return {
        type: 'about:blank',
        title: STATUS_CODES[fastifyStatus] ?? 'Error',
        status: fastifyStatus,
        detail: (exception as Error).message,
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        type: problemType('service-unavailable'),
        title: STATUS_CODES[503]!,
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: 'The service is busy or briefly unavailable. Nothing was changed; try again in a few seconds.',
      };
    }
    return {
      type: 'about:blank',
      title: STATUS_CODES[500]!,
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'Something went wrong on our side. It has been logged; quote the request id if you contact us.',
    };
  }
}

/** Fastify's request (the portal's adapter); the Express bench build gets the plain page. */
function isFastifyRequest(request: object): request is PortalRequest {
  return 'routeOptions' in request && 'headers' in request;
}

/** A 503 asks the caller to come back this much later (a restart or a busy pool passes in seconds). */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Headers an error asks for: Retry-After on 429 and 503, WWW-Authenticate on 401. */
function headersOf(exception: unknown, contentType: string, status: number): Record<string, string> {
  const e = exception as { retryAfterSeconds?: number; problemHeaders?: Record<string, string> } | undefined;
  const retryAfter = e?.retryAfterSeconds ?? (status === 503 ? UNAVAILABLE_RETRY_AFTER_SECONDS : undefined);
  return {
    'content-type': contentType,
    ...(retryAfter ? { 'retry-after': String(retryAfter) } : {}),
    ...e?.problemHeaders,
  };
}

function send(reply: ReplyLike, status: number, body: string, headers: Record<string, string>): void {
  if (typeof reply.code === 'function' && typeof reply.header === 'function') {
    // Fastify
    reply.code(status);
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    reply.send!(body);
    return;
  }
  // Express
  reply.status!(status);
  for (const [name, value] of Object.entries(headers)) reply.setHeader!(name, value);
  reply.send!(body);
}

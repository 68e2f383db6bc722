import { CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { catchError, finalize, from, mergeMap, of, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '@app/identity';
import { IdempotencyService, TrainingError, type IdempotencyReceipt } from '@app/training';

const REQUIRED = 'pmdp:idempotency-required';

/** The route refuses a POST without an Idempotency-Key (bulk reports). */
export const IdempotencyKeyRequired = () => SetMetadata(REQUIRED, true);

const KEY = /^[\x21-\x7e]{1,200}$/;

/** The request's Idempotency-Key receipt, for the handler to pass to its service (undefined without a key). */
export const Receipt = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): IdempotencyReceipt | undefined => ctx.switchToHttp().getRequest<{ idempotencyReceipt?: IdempotencyReceipt }>().idempotencyReceipt,
);

/**
 * Idempotency-Key on provider POSTs (API.md): the first request with a key
 * runs and its response is kept; the same key and body replays it and
 * writes nothing; another body is 422; a key still in flight is 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { method: string; url: string; body: unknown; idempotencyReceipt?: IdempotencyReceipt }>();
    const reply = context.switchToHttp().getResponse<{ status(code: number): unknown; header(name: string, value: string): unknown }>();
    if (request.method !== 'POST') return next.handle();
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (!key) {
      if (this.reflector.get<boolean>(REQUIRED, context.getHandler())) {
        throw new TrainingError('idempotency_key_required', 'Send an Idempotency-Key header with every report upload', [{ field: 'Idempotency-Key', message: 'header is required' }]);
      }
      return next.handle();
    }
    if (!KEY.test(key)) throw new TrainingError('idempotency_key_required', 'The Idempotency-Key must be 1 to 200 printable characters', [{ field: 'Idempotency-Key', message: 'must be 1 to 200 printable characters' }]);
    const providerId = request.principal!.providerId!;
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    const claim = await this.keys.claim(providerId, key, IdempotencyService.hash(request.method, request.url, request.body), status);
    if (claim.kind === 'replay') {
      reply.status(claim.status);
      reply.header('idempotent-replayed', 'true');
      return of(claim.body);
    }
    // The handler hands the receipt to its service, which stores the response in the work's own transaction.
    const held = claim.receipt;
    request.idempotencyReceipt = held;
    held.keepAlive(this.keys.leaseSeconds);
    return next.handle().pipe(
      mergeMap((body) => from(this.keys.complete(held, body).then(() => body))),
      catchError((err) => from(this.keys.release(held).then(() => Promise.reject(err)))),
      finalize(() => held.stop()),
    );
  }
}

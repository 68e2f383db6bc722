import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/identity';
import { ReadinessService } from './readiness.service';

/** Raised when a dependency is down; the filter renders it as problem+json with the checks attached. */
export class NotReadyError extends ServiceUnavailableException {
  readonly problemSlug = 'not-ready';
  readonly problemExtensions: { checks: Record<string, unknown> };

  constructor(checks: Record<string, unknown>) {
    super(`Not ready: ${Object.keys(checks).join(', ')} down`);
    this.problemExtensions = { checks };
  }
}

@ApiTags('operations')
@Controller('health')
@Public({ unmetered: true })
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is running (no dependency checks)' })
  @ApiOkResponse({ description: '{ status: "ok" }' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'PostgreSQL, Redis and migrations are all up; 503 problem+json naming what is down otherwise' })
  @ApiOkResponse({ description: '{ status: "ok", details }' })
  @ApiServiceUnavailableResponse({ description: 'problem+json with `checks` naming each dependency that is down' })
  async ready() {
    const result = await this.readiness.check();
    if (result.status !== 'ok') throw new NotReadyError(result.error ?? {});
    return { status: result.status, details: result.details };
  }
}

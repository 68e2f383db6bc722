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
  @ApiOperation({ summary: 'This process can serve: PostgreSQL answers and migrations are current (Redis is reported in details, but does not decide)' })
  @ApiOkResponse({ description: '{ status: "ok", details: { postgres, migrations, redis } }' })
  @ApiServiceUnavailableResponse({ description: 'problem+json with `checks` naming each deciding dependency that is down' })
  async ready() {
    const { ready, details } = await this.readiness.check();
    if (!ready) {
      const down = Object.fromEntries(Object.entries({ postgres: details.postgres, migrations: details.migrations }).filter(([, c]) => c.status === 'down'));
      throw new NotReadyError(down);
    }
    return { status: 'ok', details };
  }
}

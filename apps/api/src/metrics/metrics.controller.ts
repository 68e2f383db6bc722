import { Controller, Get, Header, Headers, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@app/config';
import { NotSignedIn, Public } from '@app/identity';
import { Metrics } from './metrics';

/**
 * Prometheus metrics. Open in development; in production only to a scraper
 * sending `Authorization: Bearer $METRICS_TOKEN`, and not served at all
 * when no token is set (404), so a public load balancer never exposes them.
 */
@ApiExcludeController()
@Controller('metrics')
@Public({ unmetered: true })
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const { token, open } = this.config.metrics;
    if (!open) {
      if (!token) throw new NotFoundException('Metrics are not served here: set METRICS_TOKEN to scrape them');
      if (!sameSecret(authorization ?? '', `Bearer ${token}`)) throw new NotSignedIn('Send Authorization: Bearer <METRICS_TOKEN> to read the metrics');
    }
    return this.metrics.registry.metrics();
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

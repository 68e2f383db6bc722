import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';

@Module({
  imports: [MetricsModule],
  controllers: [HealthController],
  providers: [ReadinessService],
})
export class HealthModule {}

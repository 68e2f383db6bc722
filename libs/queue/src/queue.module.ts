import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { QUEUE } from './queues';
import { createRedisClient } from './redis';

export const REDIS = Symbol('REDIS');

/**
 * BullMQ on Redis from config. Registers every queue so any lib can inject a
 * producer with @InjectQueue(QUEUE.x); consumers live in apps/worker only.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redis.url, maxRetriesPerRequest: null },
        prefix: config.redis.queuePrefix,
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUE).map((name) => ({ name }))),
  ],
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createRedisClient(config.redis.url, 'pmdp-shared'),
    },
  ],
  exports: [BullModule, REDIS],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

export { QueueModule, REDIS } from './queue.module';
export { JOB, QUEUE } from './queues';
export type { BuildReportExportData, JobName, QueueName, SendEmailData, SystemProbeData, SystemProbeResult } from './queues';
export { checkRedis, createRedisClient, START_REDIS_HINT } from './redis';

import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { closeOnSignal, loadConfig, runMain } from '@app/config';
import { prepareDatabase } from '@app/database';
import { checkRedis } from '@app/queue';
import { startWorker } from './start-worker';

/** A worker process on its own, for running M workers beside N API processes. */
runMain(async () => {
  const config = loadConfig();
  await prepareDatabase(config);
  await checkRedis(config.redis.url);
  const worker = await startWorker(config);
  const logger = worker.get(Logger);
  logger.log(`Worker consuming jobs (concurrency ${config.worker.concurrency})`);
  closeOnSignal([worker], config.shutdownTimeoutMs, (msg) => logger.log(msg));
});

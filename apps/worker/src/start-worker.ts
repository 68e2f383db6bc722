import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { QuietBootLogger } from '@app/logging';
import { WorkerModule } from './worker.module';

/**
 * Starts the worker as an application context (no HTTP). `close()` stops
 * taking new jobs and waits for the ones in flight to finish.
 */
export async function startWorker(config: AppConfig, imports: Type[] = []): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, imports), { bufferLogs: true });
  worker.useLogger(new QuietBootLogger(worker.get(Logger)));
  await worker.init();
  return worker;
}

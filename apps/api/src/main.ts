import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { closeOnSignal, loadConfig, runMain, type Closeable } from '@app/config';
import { prepareDatabase } from '@app/database';
import { checkRedis } from '@app/queue';
import { startWorker } from '../../worker/src/start-worker';
import { createApiApp } from './create-app';
import { DEMO_USERS, demoDataLoaded, describeDemoSignIns, loadDemoData } from '@app/demo';

/**
 * `npm start`: the whole system in one process (API and worker), which is
 * right for one machine. `--no-worker` (npm run start:api) runs the API alone
 * for scale-out beside separate worker processes.
 */
runMain(async () => {
  const config = loadConfig();
  const withWorker = config.worker.inProcess && !process.argv.includes('--no-worker');
  const { created, applied } = await prepareDatabase(config);
  await checkRedis(config.redis.url);

  const app = await createApiApp(config);
  const logger = app.get(Logger);
  if (created) logger.log('Created the database');
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  const demo = config.demoData ? await loadDemoData(app) : null;
  // On later starts, the demo sign-ins are printed again so a developer need not scroll back to the first one.
  const demoEarlier = !demo && config.demoData && (await demoDataLoaded(app));

  await app.listen(config.http.port, config.http.host);
  const parts: Closeable[] = [app];
  if (withWorker) parts.push(await startWorker(config));

  logger.log(`${config.programme.name} is up at ${config.http.publicBaseUrl}${withWorker ? ' (worker in this process)' : ''}`);
  // Printed plainly, last, so a developer sees where to go and how to sign in without scrolling; demo-only credentials.
  const mailbox = !config.mail.smtpUrl && withWorker;
  const signIns = demo ? describeDemoSignIns(demo, config.http.publicBaseUrl) : demoEarlier ? describeDemoSignIns(DEMO_USERS, config.http.publicBaseUrl, true) : null;
  process.stdout.write(startupBanner(config.http.publicBaseUrl, mailbox, signIns));
  closeOnSignal(parts, config.shutdownTimeoutMs, (msg) => logger.log(msg));
});

function startupBanner(base: string, mailbox: boolean, signIns: string | null): string {
  const rule = '-'.repeat(78);
  const urls = [
    `  Portal        ${base}/portal`,
    `  API docs      ${base}/api/docs  (API at ${base}/api/v1)`,
    ...(mailbox ? [`  Mailbox       ${base}/dev/mailbox  (email sent in development lands here)`] : []),
    `  Readiness     ${base}/health/ready`,
  ];
  return ['', rule, ...urls, ...(signIns ? ['', signIns] : []), rule, ''].join('\n') + '\n';
}

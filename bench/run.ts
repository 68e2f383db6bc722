import 'reflect-metadata';
import * as allocation from './allocation';
import * as completions from './completions';
import * as health from './health';
import * as intake from './intake';
import * as notifications from './notifications';
import * as reports from './reports';

/** `npm run bench -- <name>`: runs bench/<name>.ts. */
const benches: Record<string, { run(): Promise<void> }> = { completions, health, intake, allocation, notifications, reports };

async function main() {
  const name = process.argv[2];
  const bench = name ? benches[name] : undefined;
  if (!bench) {
    console.error(`Usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
    process.exit(2);
  }
  await bench.run();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

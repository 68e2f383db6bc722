import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The import boundaries in eslint.config.mjs fire where they should and stay
 * quiet where they should not. ESLint's Node API runs in a child process:
 * it loads the flat config with import(), which jest's module system cannot.
 */
const ROOT = join(__dirname, '../..');

interface Case {
  file: string;
  code: string;
}

const RUN_ESLINT = `
const { ESLint } = require('eslint');
(async () => {
  const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const c of cases) {
    const [result] = await eslint.lintText(c.code, { filePath: c.file });
    out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((err) => { console.error(err); process.exit(1); });
`;

function lint(cases: Case[]): string[][] {
  const out = execFileSync(process.execPath, ['-e', RUN_ESLINT], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8' });
  return JSON.parse(out);
}

const imports = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;

describe('import boundaries (eslint.config.mjs)', () => {
  const refused: [string, Case, RegExp][] = [
    ['a deep import from bench', { file: 'bench/some-bench.ts', code: imports('@app/notifications/loaders') }, /by its face/],
    ['a deep import from an app', { file: 'apps/api/src/intake/some.controller.ts', code: imports('@app/intake/review/offers.service') }, /by its face/],
    ['a deep import from a test', { file: 'test/some.e2e-spec.ts', code: imports('@app/budget/ledger/ledger-sql') }, /by its face/],
    ['a deep import from another lib', { file: 'libs/training/src/some.service.ts', code: imports('@app/intake/applications/transitions') }, /by its face/],
    ['the CLI importing the API', { file: 'apps/cli/src/main.ts', code: imports('../../api/src/create-app') }, /may not import another app/],
    ['the worker importing the API', { file: 'apps/worker/src/schedules/some.ts', code: imports('../../../api/src/problem/problem.filter') }, /may not import another app/],
    ['the API importing the CLI', { file: 'apps/api/src/portal/some.ts', code: imports('../../../cli/src/cli.module') }, /may not import another app/],
    ['the API, beyond main.ts, importing the worker', { file: 'apps/api/src/app.module.ts', code: imports('../../worker/src/start-worker') }, /may not import another app/],
    ['main.ts importing more of the worker than start-worker', { file: 'apps/api/src/main.ts', code: imports('../../worker/src/worker.module') }, /only the worker's start-worker/],
    ['a lib importing an app', { file: 'libs/intake/src/some.ts', code: imports('../../../apps/api/src/create-app') }, /may not import an app/],
    ['a lib reaching another by a relative path', { file: 'libs/intake/src/some.ts', code: imports('../../budget/src/money') }, /not by a relative path/],
    ['budget importing intake', { file: 'libs/budget/src/some.service.ts', code: imports('@app/intake') }, /libs\/budget may import .* not intake/],
    ['budget importing notifications', { file: 'libs/budget/src/some.service.ts', code: imports('@app/notifications') }, /libs\/budget may import .* not notifications/],
    ['eligibility importing budget', { file: 'libs/eligibility/src/rules.ts', code: imports('@app/budget') }, /libs\/eligibility may import .* not budget/],
    ['intake importing training', { file: 'libs/intake/src/some.service.ts', code: imports('@app/training') }, /libs\/intake may import .* not training/],
    ['notifications importing intake', { file: 'libs/notifications/src/some.ts', code: imports('@app/intake') }, /libs\/notifications may import .* not intake/],
    ['training importing insight', { file: 'libs/training/src/some.ts', code: imports('@app/insight') }, /libs\/training may import .* not insight/],
    ['plumbing importing a domain lib', { file: 'libs/database/src/some.ts', code: imports('@app/identity') }, /libs\/database may import .* not identity/],
    ['a domain lib importing the demo data', { file: 'libs/training/src/some.ts', code: imports('@app/demo') }, /not demo/],
  ];
  const allowed: [string, Case][] = [
    ['bench importing a lib by its face', { file: 'bench/some-bench.ts', code: imports('@app/notifications') }],
    ['a lib importing its own files', { file: 'libs/notifications/src/some.ts', code: imports('./loaders') }],
    ['intake importing eligibility, budget and notifications', { file: 'libs/intake/src/some.ts', code: `${imports('@app/eligibility')}${imports('@app/budget').replace(/x/g, 'z')}` }],
    ['training importing intake', { file: 'libs/training/src/some.ts', code: imports('@app/intake') }],
    ['insight reading any lib', { file: 'libs/insight/src/some.ts', code: imports('@app/training') }],
    ['any lib importing plumbing', { file: 'libs/budget/src/some.ts', code: imports('@app/database') }],
    ['the CLI importing the demo lib', { file: 'apps/cli/src/main.ts', code: imports('@app/demo') }],
    ['the API entry point starting the worker in-process', { file: 'apps/api/src/main.ts', code: imports('../../worker/src/start-worker') }],
    ['a test importing an app', { file: 'test/some.e2e-spec.ts', code: imports('../apps/api/src/create-app') }],
  ];

  let results: string[][];
  beforeAll(() => {
    results = lint([...refused.map(([, c]) => c), ...allowed.map(([, c]) => c)]);
  }, 60_000);

  it.each(refused.map(([name, c, message], i) => [name, c, message, i] as const))('refuses %s', (_name, _c, message, i) => {
    expect(results[i]).toEqual([expect.stringMatching(message)]);
  });

  it.each(allowed.map(([name, c], i) => [name, c, i] as const))('allows %s', (_name, _c, i) => {
    expect(results[refused.length + i]).toEqual([]);
  });
});

// @ts-check
import tseslint from 'typescript-eslint';

/*
 * Boundaries (../shared/ARCHITECTURE.md, docs/boundaries.md), kept by no-restricted-imports:
 *  (a) a lib shows its face: nothing outside libs/<lib> imports `@app/<lib>/<file>`, only `@app/<lib>`;
 *  (b) apps do not import each other (shared code goes into a lib), with one composition-root
 *      exception: apps/api/src/main.ts starts the worker in the same process (`npm start`);
 *  (c) domain libs import in one direction. Plumbing (config, database, queue, http, logging,
 *      crypto) imports only plumbing; identity is plumbing too, and sends its account emails
 *      through the notifications outbox.
 * In a flat config a later block's options replace an earlier block's for the same rule, so each
 * area gets one block listing everything it may not import.
 */
const PLUMBING = ['config', 'database', 'queue', 'http', 'logging', 'crypto'];
const DOMAIN = ['identity', 'eligibility', 'budget', 'notifications', 'intake', 'training', 'workforce', 'reports', 'insight', 'network', 'privacy', 'demo'];
const LIBS = [...PLUMBING, ...DOMAIN];
const ABOVE_ALL = LIBS.filter((l) => l !== 'demo');
/** What each lib may import besides itself. */
const MAY_IMPORT = {
  ...Object.fromEntries(PLUMBING.map((l) => [l, PLUMBING])),
  identity: [...PLUMBING, 'notifications'],
  eligibility: [...PLUMBING, 'identity'],
  budget: [...PLUMBING, 'identity'],
  notifications: [...PLUMBING, 'identity'],
  intake: [...PLUMBING, 'identity', 'eligibility', 'budget', 'notifications'],
  training: [...PLUMBING, 'identity', 'intake', 'budget', 'notifications'],
  // The skills audit, practices, the plan and the gap; reports (the registry, outcome and workforce reports, exports) stand above everything.
  workforce: [...PLUMBING, 'identity', 'budget', 'notifications', 'intake'],
  reports: ABOVE_ALL,
  insight: ABOVE_ALL,
  network: ABOVE_ALL,
  privacy: ABOVE_ALL,
  // The demo data builds through every domain service; only the apps load it.
  demo: ABOVE_ALL,
};
const APPS = ['api', 'worker', 'cli'];

const deepImport = (ownLib) => ({
  group: ['@app/*/**', ...(ownLib ? [`!@app/${ownLib}/**`] : [])],
  message: "Import a lib by its face, `@app/<lib>` (export what you need from its index), not one of its files.",
});
const otherApp = (app) => ({
  regex: `^(\\.\\./)+(apps/)?(${APPS.filter((a) => a !== app).join('|')})/src(/|$)`,
  message: `apps/${app} may not import another app: move what both need into a lib (libs/demo is an example).`,
});
const intoApps = { regex: '^(\\.\\./)+apps(/|$)', message: 'A lib may not import an app.' };
const otherLibByPath = (lib) => ({
  regex: `^(\\.\\./)+(libs/)?(${LIBS.filter((l) => l !== lib).join('|')})/src(/|$)`,
  message: 'Import another lib as `@app/<lib>`, not by a relative path.',
});
const againstDirection = (lib) =>
  LIBS.filter((other) => other !== lib && !MAY_IMPORT[lib].includes(other)).map((other) => ({
    group: [`@app/${other}`],
    message: `libs/${lib} may import ${MAY_IMPORT[lib].join(', ')}, not ${other}: dependencies run one way (../shared/ARCHITECTURE.md). If both need each other, one is really two things, or the link is an event.`,
  }));

const boundaries = [
  { files: ['**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [deepImport()] }] } },
  ...LIBS.map((lib) => ({
    files: [`libs/${lib}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepImport(lib), intoApps, otherLibByPath(lib), ...againstDirection(lib)] }] },
  })),
  ...APPS.map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    ignores: app === 'api' ? ['apps/api/src/main.ts'] : [],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepImport(), otherApp(app)] }] },
  })),
  {
    // The composition-root exception: the API's entry point may start the worker in-process,
    // through its start function only.
    files: ['apps/api/src/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepImport(),
            { regex: '^(\\.\\./)+(apps/)?(worker|cli)/src/(?!start-worker$)', message: 'apps/api/src/main.ts may import only the worker\'s start-worker, to run it in-process.' },
            { regex: '^(\\.\\./)+(apps/)?cli/src(/|$)', message: 'apps/api may not import another app.' },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'jest.config.js', 'scripts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Only libs/config reads the environment; everything else injects AppConfig.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through AppConfig (libs/config).' }],
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='synchronize'][value.value=true]", message: 'The schema comes from migrations only.' },
      ],
    },
  },
  {
    files: ['libs/config/**', 'test/**', 'bench/**', '**/*.spec.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  ...boundaries,
);

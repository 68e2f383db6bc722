// Unit tests sit beside the code (*.spec.ts); integration and end-to-end tests
// live in test/ (*.e2e-spec.ts) and run against real PostgreSQL and Redis: the
// global setup migrates a template database once, each suite file runs on its
// own clone of it (test/support/suite-database.ts), the teardown drops them all.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      // Resolve @app/<lib> at compile time, so code jest loads outside its module
      // system (the global setup) finds the libs too.
      baseUrl: __dirname,
      paths: { '@app/*': ['./libs/*/src'] },
    },
    module: { type: 'commonjs' },
  },
];
// NestJS 12 and a growing number of its dependencies ship only ES modules.
// Node 20 can require() them, but jest's own module system cannot, so jest
// compiles every package marked "type": "module" to CommonJS like our code.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
function esmPackages(dir = join(__dirname, 'node_modules')) {
  const found = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      found.push(...esmPackages(join(dir, name)).map((n) => `${name}/${n}`));
      continue;
    }
    try {
      const pkg = JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8'));
      if (pkg.type === 'module') found.push(name);
      // A dependency's own copy of an ESM package (linkedom's css-select keeps an ESM domhandler):
      // both names, since the ignore pattern is tried at every /node_modules/ in the path.
      if (dir === join(__dirname, 'node_modules')) {
        for (const nested of esmPackages(join(dir, name, 'node_modules'))) found.push(`${name}/node_modules/${nested}`, nested);
      }
    } catch {
      /* not a package */
    }
  }
  return found;
}
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().map(escape).join('|')})/)`],
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
};

module.exports = {
  // At the top level: jest ignores testTimeout inside a project (jestjs/jest#9759).
  testTimeout: 30000,
  projects: [
    // test/**/*.spec.ts: checks of the repository itself that need no services (the lint boundaries).
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      // Each suite file on its own clone of the migrated template database.
      setupFilesAfterEnv: ['<rootDir>/test/support/suite-database.ts'],
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};

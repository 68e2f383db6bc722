#!/usr/bin/env node
// Makes a fresh clone runnable with no manual steps: installs dependencies when
// node_modules is missing or older than the lockfile, and (with --build) builds
// when dist/ is missing or older than any source file. Plain Node: it runs
// before any dependency exists.
'use strict';
const { execSync, spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = new Set(process.argv.slice(2));
const say = (msg) => args.has('--quiet') || process.stderr.write(`[prepare] ${msg}\n`);
const run = (cmd) => execSync(cmd, { cwd: root, stdio: ['ignore', args.has('--quiet') ? 'ignore' : 'inherit', 'inherit'] });

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`Node ${process.versions.node} is too old: this system needs Node 20.19 or newer.\n`);
  process.exit(1);
}

// A handful of dependencies (the Nest CLI's tooling, nestjs-pino, two of Fastify's helpers) declare
// Node 22 in "engines" while running and passing CI on Node 20.19+: npm warns about each in a
// 10-line block (75 lines). Those blocks become one line; every other line npm prints is kept.
function install() {
  const res = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', args.has('--quiet') ? 'ignore' : 'inherit', 'pipe'], encoding: 'utf8' });
  const lines = (res.stderr || '').split('\n');
  const engines = [...new Set(lines.filter((l) => /EBADENGINE\s+package:/.test(l)).map((l) => l.replace(/.*package:\s*/, '').replace(/'/g, '').replace(/,$/, '').trim()))];
  const rest = lines.filter((l) => !l.includes('EBADENGINE')).join('\n').trim();
  if (rest) process.stderr.write(`${rest}\n`);
  if (engines.length) say(`${engines.length} dependencies declare a newer Node than ${process.versions.node} but run on it (see README, Prerequisites): ${engines.join(', ')}`);
  if (res.status !== 0) {
    process.stderr.write(`npm ci failed (exit ${res.status ?? res.signal}).\n`);
    process.exit(res.status || 1);
  }
}

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const installedMarker = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync(join(root, 'package-lock.json')).mtimeMs) {
  say('installing dependencies (npm ci)...');
  install();
}

if (args.has('--build')) {
  const built = join(root, 'dist', '.built');
  const sources = Math.max(...['apps', 'libs', 'migrations', 'bench'].map((d) => newest(join(root, d))), statSync(join(root, 'tsconfig.json')).mtimeMs);
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    say('building (npm run build)...');
    run('npm run build');
  }
}

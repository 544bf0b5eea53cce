#!/usr/bin/env node
// `npm test`: every check the project has, in one run, against the local cloud.
// Steps run in order; a failed step does not stop the later ones (so one run shows everything),
// but the exit code is non-zero if anything failed. The last line is `N passed, N failed[, N skipped]`:
// jest tests are counted one by one, every other step (typecheck, lint, builds, size) counts as one check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const { jestOutcome } = createRequire(import.meta.url)('./test-outcome.cjs');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tmp = path.join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- jest e2e` to run some steps

let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];
/** every step whose process exited non-zero: any one makes the whole run fail, whatever was counted */
const stepsFailed = [];

function run(name, cmd, args, opts = {}) {
  if (only.length && !only.includes(name)) return true;
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0' },
    ...opts,
  });
  const ok = r.status === 0;
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (!ok) stepsFailed.push(`${name} (exit ${r.status ?? r.signal})`);
  return { ok, secs, status: r.status };
}

function check(name, cmd, args) {
  const r = run(name, cmd, args);
  if (r === true) return;
  if (r.ok) passed++;
  else failed++;
  summary.push(`${r.ok ? 'ok  ' : 'FAIL'} ${name} (${r.secs}s)`);
}

function jestStep(name, args) {
  const out = path.join(tmp, `${name}-results.json`);
  rmSync(out, { force: true });
  const r = run(name, 'npx', ['jest', ...args, '--json', `--outputFile=${out}`]);
  if (r === true) return;
  const o = jestOutcome(r.status, existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : null);
  passed += o.passed;
  failed += o.failed;
  skipped += o.skipped;
  summary.push(
    `${o.ok ? 'ok  ' : 'FAIL'} ${name}: ${o.passed} passed, ${o.failed} failed, ${o.skipped} skipped` +
      `${o.note ? ` (${o.note})` : ''} (${r.secs}s)`,
  );
}

check('typecheck', 'npm', ['run', '-s', 'typecheck']);
check('lint', 'npm', ['run', '-s', 'lint']);
check('build:functions', 'npm', ['run', '-s', 'build:functions']);
jestStep('jest', []);
check('build:weapp', 'npm', ['run', '-s', 'build:weapp']);
check('build:h5', 'npm', ['run', '-s', 'build:h5']);
check('size', 'npm', ['run', '-s', 'size']);
check('check:weapp', 'npm', ['run', '-s', 'check:weapp']);
jestStep('e2e', ['-c', 'jest.e2e.config.js']);

console.log('\n=== summary');
for (const line of summary) console.log(line);
if (stepsFailed.length) console.log(`steps that exited non-zero: ${stepsFailed.join(', ')}`);
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed > 0 || stepsFailed.length > 0 ? 1 : 0);

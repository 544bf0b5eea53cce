#!/usr/bin/env node
// `npm test`: every check the project has, in one run, against the local cloud.
// Steps run in order; a failed step does not stop the later ones (so one run shows everything),
// but the exit code is non-zero if anything failed. The last line is `N passed, N failed[, N skipped]`:
// jest tests are counted one by one, every other step (typecheck, lint, builds, size) counts as one check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tmp = path.join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- jest e2e` to run some steps

let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];

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
  return { ok, secs };
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
  if (!existsSync(out)) {
    failed++;
    summary.push(`FAIL ${name}: jest produced no results (${r.secs}s)`);
    return;
  }
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed += j.numPassedTests;
  failed += j.numFailedTests;
  skipped += j.numPendingTests + j.numTodoTests;
  // A suite that fails to load (syntax error, missing module) has no tests but must still fail the run.
  const brokenSuites = j.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length;
  failed += brokenSuites;
  summary.push(
    `${r.ok ? 'ok  ' : 'FAIL'} ${name}: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ` +
      `${j.numPendingTests} skipped, ${brokenSuites} suites failed to run (${r.secs}s)`,
  );
}

check('typecheck', 'npm', ['run', '-s', 'typecheck']);
check('lint', 'npm', ['run', '-s', 'lint']);
check('build:functions', 'npm', ['run', '-s', 'build:functions']);
jestStep('jest', []);
check('build:weapp', 'npm', ['run', '-s', 'build:weapp']);
check('build:h5', 'npm', ['run', '-s', 'build:h5']);
check('size', 'npm', ['run', '-s', 'size']);
jestStep('e2e', ['-c', 'jest.e2e.config.js']);

console.log('\n=== summary');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed > 0 ? 1 : 0);

/**
 * `npm test` cannot lie: a jest run that exits non-zero fails the run even when every test passed
 * (here: a throwing afterAll, the case the old count of failed tests + load-failed suites missed).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { jestOutcome } = require('./test-outcome.cjs') as {
  jestOutcome(
    exitCode: number | null,
    results: unknown,
  ): { passed: number; failed: number; skipped: number; ok: boolean; note: string };
};

const root = path.resolve(__dirname, '..');

function runFixture(file: string): { status: number | null; results: unknown } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-outcome-')), 'r.json');
  const r = spawnSync(
    process.execPath,
    [
      require.resolve('jest/bin/jest'),
      '--config',
      JSON.stringify({ testEnvironment: 'node', transform: {} }),
      '--rootDir',
      path.join(__dirname, 'fixtures', 'jest-teardown'),
      '--testRegex',
      `${file.replace('.', '\\.')}$`,
      '--json',
      `--outputFile=${out}`,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const results = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as unknown) : null;
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return { status: r.status, results };
}

test('every test passed but afterAll threw: jest exits 1 and the run fails', () => {
  const { status, results } = runFixture('teardown.fixture.js');
  expect(status).toBe(1);
  expect(results).toMatchObject({ numPassedTests: 1, numFailedTests: 0 });
  const o = jestOutcome(status, results);
  expect(o.ok).toBe(false);
  expect(o.failed).toBeGreaterThan(0);
  expect(o.passed).toBe(1);
  expect(o.note).toMatch(/failed outside their tests/);
});

test('a clean run passes', () => {
  const { status, results } = runFixture('clean.fixture.js');
  expect(status).toBe(0);
  expect(jestOutcome(status, results)).toMatchObject({ ok: true, passed: 1, failed: 0 });
});

test('a non-zero exit with nothing counted still fails; no results at all fails', () => {
  const empty = { numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, testResults: [] };
  expect(jestOutcome(1, empty)).toMatchObject({ ok: false, failed: 1 });
  expect(jestOutcome(1, empty).note).toMatch(/exited 1 though no test failed/);
  expect(jestOutcome(null, null)).toMatchObject({ ok: false, failed: 1 });
});

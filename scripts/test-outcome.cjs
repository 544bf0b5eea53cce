// How `npm test` (scripts/test.mjs) judges one jest run: tests are counted one by one, and the run
// fails whenever jest itself exited non-zero, even if every test passed (a throwing afterAll, a
// failing globalSetup/teardown, an open-handle error), or a suite failed to load or finish.
// CommonJS so that scripts/test.mjs and the jest test beside it (test-outcome.test.ts) share it.
'use strict';

/**
 * @param {number | null} exitCode jest's exit status
 * @param {null | { numPassedTests: number, numFailedTests: number, numPendingTests: number,
 *   numTodoTests?: number, testResults: { status: string, name?: string, message?: string }[] }} results
 *   the `--json` output, or null when jest wrote none
 */
function jestOutcome(exitCode, results) {
  if (!results) {
    return { passed: 0, failed: 1, skipped: 0, ok: false, note: 'jest produced no results' };
  }
  const passed = results.numPassedTests;
  const skipped = results.numPendingTests + (results.numTodoTests ?? 0);
  let failed = results.numFailedTests;
  // a suite that failed outside its tests (load error, throwing beforeAll/afterAll) counts once
  const suitesBeyondTests = results.testResults.filter(
    (s) =>
      s.status === 'failed' && typeof s.message === 'string' && /Test suite failed to run/.test(s.message),
  ).length;
  failed += suitesBeyondTests;
  const notes = [];
  if (suitesBeyondTests) notes.push(`${suitesBeyondTests} suite(s) failed outside their tests`);
  if (exitCode !== 0 && failed === 0) {
    // jest said no, for a reason the counts do not show: never a green run
    failed = 1;
    notes.push(`jest exited ${exitCode} though no test failed`);
  }
  return {
    passed,
    failed,
    skipped,
    brokenSuites: suitesBeyondTests,
    ok: exitCode === 0 && failed === 0,
    note: notes.join('; '),
  };
}

module.exports = { jestOutcome };

/**
 * Checks that need built artefacts or a browser: the weapp boot check (after `npm run build:weapp`)
 * and the Playwright smoke test of the H5 build (after `npm run build:h5` and `build:functions`).
 * Run by `npm test` as its own step: `npx jest -c jest.e2e.config.js`.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/screenshots/'],
  testTimeout: 120000,
  // Browser tests start their own local cloud and Chromium: one file at a time on a 2-core machine.
  maxWorkers: 1,
};

/** One jest run for unit tests and local-cloud tests (each file that needs the cloud starts its own). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/e2e/', '/.localcloud/', '/.tmp/'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2020',
        },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble/hashes|zustand)/)'],
  moduleNameMapper: {
    '^@contract/(.*)$': '<rootDir>/types/$1',
    '^@/(.*)$': '<rootDir>/miniprogram/$1',
    '^@domain/(.*)$': '<rootDir>/cloudfunctions/core/domain/$1',
  },
  testTimeout: 30000,
  maxWorkers: 2,
  // builds dist/functions once per run (skipped when the bundles are up to date)
  globalSetup: '<rootDir>/testing/global-setup.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // Suites that wait on servers (the API server, Loki, the alert pipeline) leave a core idle while they
  // wait: a third worker keeps both cores busy on a 2-core machine.
  maxWorkers: 3,
};

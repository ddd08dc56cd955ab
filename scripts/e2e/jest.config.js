module.exports = {
  displayName: 'e2e',
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/scripts/e2e/**/*.e2e.ts'],
  // The compiled production build (npm run build) holds copies of the workspace package.json files.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' } } }] },
  testTimeout: 120000,
  maxWorkers: 1,
  testSequencer: '<rootDir>/scripts/e2e/sequencer.js',
  setupFilesAfterEnv: ['<rootDir>/scripts/e2e/csp-check.ts'],
};

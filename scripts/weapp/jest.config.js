/** Checks the built weapp (run after `npm run build:weapp`; `npm run test:weapp` does both). */
module.exports = {
  displayName: 'weapp-build',
  rootDir: __dirname,
  testEnvironment: 'node',
  // Taro's runtime keeps timers that touch the stubbed globals after the test; don't warn about it.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  testMatch: ['<rootDir>/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' } }] },
};

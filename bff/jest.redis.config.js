/**
 * The suites that need a Redis server (TEST_REDIS_URL / REDIS_URL, default redis://127.0.0.1:6379):
 * BullMQ queues and job schedulers, web/worker roles and cross-instance realtime. `npm run test:redis`; CI runs them on MariaDB.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  displayName: process.env.MYSQL_URL ? 'bff redis (mysql)' : 'bff redis (sqlite)',
  testMatch: ['<rootDir>/src/**/*.redis.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60000,
};

const fs = require('node:fs');
const path = require('node:path');
const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));

module.exports = {
  displayName: process.env.MYSQL_URL ? 'bff (mysql)' : 'bff (sqlite)',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/sandbox/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  // *.redis.test.ts need a Redis server: `npm run test:redis` (jest.redis.config.js), not `npm test`.
  // *.mysql.test.ts run only in the MariaDB/MySQL project (MYSQL_URL): kill -9 of a BFF process
  // over a database that two processes share, which the embedded SQLite file is not meant for.
  testPathIgnorePatterns: ['/node_modules/', '\\.redis\\.test\\.ts$', ...(process.env.MYSQL_URL ? [] : ['\\.mysql\\.test\\.ts$'])],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { ...swc, swcrc: false }] },
  setupFiles: ['reflect-metadata'],
};

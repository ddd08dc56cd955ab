/** npm test runs every project: shared-types, the BFF (real HTTP, SQLite or MYSQL_URL) and miniapp components. */
module.exports = {
  // Each BFF test file starts its own BFF + sandbox on ephemeral ports; two workers fit 2 cores.
  maxWorkers: 2,
  // A global option: per-project values are ignored. BFF test files start a real stack each.
  testTimeout: 60000,
  projects: ['<rootDir>/shared-types', '<rootDir>/bff', '<rootDir>/miniapp'],
};

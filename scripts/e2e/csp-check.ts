import { violations } from './browser';

// Runs after each spec file: any Content-Security-Policy violation a page reported fails it.
afterAll(() => {
  if (violations.length) throw new Error(`Content-Security-Policy violations:\n  ${[...new Set(violations)].join('\n  ')}`);
});

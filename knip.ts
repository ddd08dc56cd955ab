import { MAIN_PAGES, subPackagePages } from './miniapp/services/routes';

/**
 * `npm run check:dead`: unused exports in the three workspaces. The mini-program's entry points are
 * what Taro builds: app.ts and app.config.ts, and every page app.config.ts lists (services/routes.ts)
 * with its index.config.ts.
 */
const pages = [...MAIN_PAGES, ...subPackagePages().flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];

export default {
  workspaces: {
    '.': {
      entry: ['miniapp/app.ts', 'miniapp/app.config.ts', ...pages.flatMap((p) => [`miniapp/${p}.tsx`, `miniapp/${p}.config.ts`]), 'config/index.ts', 'scripts/**/*.{ts,js}'],
      project: ['miniapp/**/*.{ts,tsx}', 'config/**/*.{ts,js}', 'scripts/**/*.{ts,js,mjs}', 'types/**/*.ts'],
      // Written by `npm run gen:client` (openapi-typescript): its exports are the generator's, not ours.
      ignore: ['miniapp/services/generated/**'],
    },
    bff: {
      // src/server.ts (main), the admin and migration CLIs (root package.json scripts) are found by knip.
      entry: ['sandbox/server.ts', 'test/**/*.{ts,mjs}'],
      project: ['src/**/*.ts', 'sandbox/**/*.ts', 'test/**/*.{ts,mjs}'],
    },
    'shared-types': {
      // The package root (main: src/index.ts) is the BFF's and the sandbox's only way in; the
      // mini-program imports the zod-free files by path.
      project: ['src/**/*.ts'],
    },
  },
};

/**
 * `npm run build:bff`: compiles the BFF and shared-types to CommonJS with swc (the same .swcrc the
 * BFF tests run under: legacy decorators for TypeORM's entities, target es2022) and lays out a
 * release folder that runs on Node with production dependencies only:
 *
 *   dist/server/package.json            workspaces [shared-types, bff]; start, db:migrate, admin
 *   dist/server/bff/package.json        the BFF's production dependencies; main dist/server.js
 *   dist/server/bff/dist/…              compiled bff/src (tests, fixtures, dev tools left out)
 *   dist/server/shared-types/…          compiled shared-types, main dist/index.js
 *   dist/server/dist/h5/                the H5 build, when `npm run build:h5` made one
 *
 * Deploy: copy dist/server, `npm install --omit=dev`, then `npm run db:migrate` and `npm start`.
 * The direct dependencies are pinned to the versions of the root lockfile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { transformFileSync, type Options } from '@swc/core';

const root = path.resolve(__dirname, '../..');
const out = path.join(root, 'dist/server');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, 'bff/.swcrc'), 'utf8')) as Options;
/** Tests and what only tests or developers use: never in the release. */
const LEFT_OUT = /(\.test|\.cases|\.fixture)\.ts$|(^|\/)test-[^/]*\.ts$|(^|\/)generate-migration\.ts$/;

function* files(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

function compileTree(srcDir: string, outDir: string): number {
  let n = 0;
  for (const file of files(srcDir)) {
    const rel = path.relative(srcDir, file);
    if (LEFT_OUT.test(rel.split(path.sep).join('/'))) continue;
    const target = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
      const { code } = transformFileSync(file, { ...swcrc, swcrc: false, sourceMaps: false, filename: file });
      fs.writeFileSync(target.replace(/\.ts$/, '.js'), code);
      n++;
    } else if (file.endsWith('.json')) {
      fs.copyFileSync(file, target);
    }
  }
  return n;
}

function readJson(p: string) {
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

function writeJson(p: string, v: unknown) {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, JSON.stringify(v, null, 2) + '\n');
}

const rootPkg = readJson(path.join(root, 'package.json'));
const bffPkg = readJson(path.join(root, 'bff/package.json'));
const typesPkg = readJson(path.join(root, 'shared-types/package.json'));

/**
 * The release installs the direct dependencies at exactly the versions the tests ran with (the
 * root lockfile), not whatever their ranges resolve to on the day of the deploy. Workspace
 * packages (links in the lockfile) keep their range.
 */
const lock = readJson(path.join(root, 'package-lock.json')) as { packages: Record<string, { version?: string; link?: boolean }> };
function pinned(deps: Record<string, string> | undefined, workspace: string): Record<string, string> {
  const outDeps: Record<string, string> = {};
  for (const [name, range] of Object.entries(deps ?? {})) {
    const entry = lock.packages[`${workspace}/node_modules/${name}`] ?? lock.packages[`node_modules/${name}`];
    outDeps[name] = entry && !entry.link && entry.version ? entry.version : range;
  }
  return outDeps;
}

fs.rmSync(out, { recursive: true, force: true });
const nBff = compileTree(path.join(root, 'bff/src'), path.join(out, 'bff/dist'));
const nTypes = compileTree(path.join(root, 'shared-types/src'), path.join(out, 'shared-types/dist'));

writeJson(path.join(out, 'package.json'), {
  name: 'healthpocket-server',
  version: rootPkg.version,
  private: true,
  description: '健康口袋 BFF, compiled: npm install --omit=dev, npm run db:migrate, npm start',
  workspaces: ['shared-types', 'bff'],
  engines: rootPkg.engines,
  scripts: {
    start: 'node bff/dist/server.js',
    'db:migrate': 'node bff/dist/db/migrate-cli.js',
    admin: 'node bff/dist/admin/cli.js',
  },
});
writeJson(path.join(out, 'bff/package.json'), {
  name: bffPkg.name,
  version: bffPkg.version,
  private: true,
  main: 'dist/server.js',
  engines: rootPkg.engines,
  scripts: { start: 'node dist/server.js' },
  dependencies: pinned(bffPkg.dependencies, 'bff'),
});
writeJson(path.join(out, 'shared-types/package.json'), {
  name: typesPkg.name,
  version: typesPkg.version,
  private: true,
  main: 'dist/index.js',
  dependencies: pinned(typesPkg.dependencies, 'shared-types'),
});
const h5 = path.join(root, 'dist/h5');
if (fs.existsSync(path.join(h5, 'index.html'))) fs.cpSync(h5, path.join(out, 'dist/h5'), { recursive: true });

console.log(`dist/server: ${nBff} BFF files, ${nTypes} shared-types files${fs.existsSync(path.join(out, 'dist/h5')) ? ', H5 app' : ' (no H5 build: run npm run build:h5 first)'}`);

import fs from 'node:fs';
import path from 'node:path';

/**
 * The compiled BFF (scripts/build/bff.ts) ships shared-types as its built package, where `src/` does
 * not exist: a deep import such as `@healthpocket/shared-types/src/contract-constants` runs under
 * tsx but crashes the production server at start. The BFF and the sandbox import the package root.
 */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(p);
    return /\.ts$/.test(e.name) ? [p] : [];
  });
}

it('the BFF and the sandbox import shared-types by its package root only', () => {
  const root = path.resolve(__dirname, '..');
  const deep = [...sources(path.join(root, 'src')), ...sources(path.join(root, 'sandbox'))].filter((f) => /from '@healthpocket\/shared-types\/[^']+'/.test(fs.readFileSync(f, 'utf8')));
  expect(deep.map((f) => path.relative(root, f))).toEqual([]);
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const committed = path.join(root, 'miniapp/services/generated/api-types.ts');

describe("the miniapp's generated API types", () => {
  it('are what `npm run gen:client` makes of the routes now (run it after changing a route)', () => {
    const fresh = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(root, 'scripts/gen-client.ts'), '--stdout'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'bff/tsconfig.json') },
    });
    expect(fresh).toContain('"/api/v1/family/members": {');
    // Not toEqual on 19 000 lines: the first line that differs says what changed.
    const a = fs.readFileSync(committed, 'utf8').split('\n');
    const b = fresh.split('\n');
    const at = b.findIndex((line, i) => line !== a[i]);
    const firstDifference = at === -1 && a.length === b.length ? null : { line: (at === -1 ? b.length : at) + 1, committed: a[at], generated: b[at] };
    expect(firstDifference).toBeNull();
  }, 60_000);
});

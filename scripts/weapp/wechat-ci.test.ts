import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * WeChat's own checks on the built weapp, through miniprogram-ci (scripts/weapp/wechat-ci.js): the
 * code-quality scan and the code analysis, the two calls that need no WeChat server.
 */
const DIST = path.resolve(__dirname, '../../dist/weapp');

interface Check {
  name: string;
  success: boolean;
  text: string;
  detail?: unknown;
}
interface Result {
  quality: Check[];
  files: { path: string; moduleId: string | null; subPackage: string | null }[];
  modules: { id: string; type: string; path: string; errors: unknown[]; depErrors: { request: string; error: string }[] }[];
}

const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { pages: string[]; subPackages?: { root: string; pages: string[] }[] };
const subPackages = app.subPackages ?? [];
let result: Result;

beforeAll(() => {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'wechat-ci.js'), DIST], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  result = JSON.parse(out.trim().split('\n').pop()!) as Result;
}, 130_000);

const check = (name: string) => {
  const c = result.quality.find((q) => q.name === name);
  if (!c) throw new Error(`miniprogram-ci's quality scan has no ${name} (got ${result.quality.map((q) => q.name).join(', ')})`);
  return c;
};

describe('miniprogram-ci on dist/weapp', () => {
  // JS_COMPRESS_OPEN, WXML_COMPRESS_OPEN and WXSS_COMPRESS_OPEN read upload settings of
  // project.config.json (setting.minified, minifyWXML, minifyWXSS), all false there: Taro ships the
  // JS minified already. They are not asserted.
  it.each([
    'PACKAGE_SIZE_LIMIT',
    'LAZYCODE_LOADING_OPEN',
    'IMAGE_AND_AUDIO_LIMIT',
    'CONTAINS_OTHER_PKG_JS',
    'CONTAINS_OTHER_PKG_COMPONENTS',
    'CONTAINS_UNUSED_PLUGINS',
    'CONTAINS_UNUSED_COMPONENTS',
    'CONTAINS_UNUSED_CODES',
  ])('the code-quality scan passes %s', (name) => {
    const c = check(name);
    expect({ name, success: c.success, detail: c.detail }).toEqual({ name, success: true, detail: c.detail });
  });

  it('measures the main package and every subpackage of app.json, each within WeChat’s 2 MB', () => {
    const sizes = check('PACKAGE_SIZE_LIMIT').detail as Record<string, number>;
    expect(Object.keys(sizes).sort()).toEqual(['__APP__', ...subPackages.map((s) => `${s.root}/`)].sort());
    for (const [pkg, bytes] of Object.entries(sizes)) expect({ pkg, underLimit: bytes > 0 && bytes < 2 * 1024 * 1024 }).toEqual({ pkg, underLimit: true });
  });

  it('finds every page of app.json in the dependency graph, with no module or dependency errors', () => {
    const pages = result.modules.filter((m) => m.type === 'Page').map((m) => m.path.replace(/\.json$/, ''));
    expect(pages.sort()).toEqual([...app.pages, ...subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))].sort());
    expect(
      result.modules
        .filter((m) => m.type === 'SubPackage')
        .map((m) => m.path)
        .sort(),
    ).toEqual(subPackages.map((s) => `${s.root}/`).sort());
    expect(result.modules.filter((m) => m.errors.length || m.depErrors.length)).toEqual([]);
  });

  it('ships no code file that nothing depends on (only images and sounds sit outside the graph)', () => {
    const loose = result.files.filter((f) => !f.moduleId).map((f) => f.path);
    expect(loose.filter((p) => !/\.(png|jpe?g|gif|svg|wav|mp3)$/.test(p))).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';

const DIST = path.resolve(__dirname, '../../dist/weapp');
const MB = 1024 * 1024;

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  subpackages?: { root: string; pages: string[] }[];
  tabBar?: { list: { pagePath: string; iconPath?: string; selectedIconPath?: string }[] };
  __usePrivacyCheck__?: boolean;
}

function readAppJson(): AppJson {
  const file = path.join(DIST, 'app.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:weapp\` first (npm run test:weapp does)`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Bytes under `dir`, skipping the directories in `skip` (absolute paths). */
function sizeOf(dir: string, skip: string[] = []): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip.includes(p)) continue;
    total += entry.isDirectory() ? sizeOf(p, skip) : fs.statSync(p).size;
  }
  return total;
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
  });
}

const app = readAppJson();
const subPackages = app.subPackages ?? app.subpackages ?? [];

describe('dist/weapp', () => {
  it('declares the main pages, the tab bar, the profile subpackage and the privacy check', () => {
    expect(app.pages).toEqual(expect.arrayContaining(['pages/home/index', 'pages/login/index', 'pages/me/index']));
    expect(app.pages[0]).toBe('pages/home/index');
    expect(app.tabBar?.list.map((t) => t.pagePath)).toEqual(['pages/home/index', 'pages/me/index']);
    const profile = subPackages.find((s) => s.root === 'profile');
    expect(profile?.pages).toEqual(expect.arrayContaining(['pages/real-name/index', 'pages/members/index', 'pages/member-edit/index', 'pages/privacy/index']));
    expect(app.__usePrivacyCheck__).toBe(true);
  });

  it('has the .js, .wxml and .json of every page, and the tab bar icons', () => {
    const pages = [...app.pages, ...subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    const missing = pages.flatMap((p) => ['.js', '.wxml', '.json'].map((ext) => p + ext)).filter((f) => !fs.existsSync(path.join(DIST, f)));
    expect(missing).toEqual([]);
    for (const tab of app.tabBar?.list ?? []) {
      for (const icon of [tab.iconPath, tab.selectedIconPath]) if (icon) expect(fs.existsSync(path.join(DIST, icon))).toBe(true);
    }
  });

  it('keeps the main package under 1 MB and every subpackage under 2 MB', () => {
    const roots = subPackages.map((s) => path.join(DIST, s.root));
    const main = sizeOf(DIST, [...roots, path.join(DIST, 'prebundle')]);
    expect(main).toBeLessThanOrEqual(1 * MB);
    for (const root of roots) expect(sizeOf(root)).toBeLessThanOrEqual(2 * MB);
  });

  it('does not ship zod (the app imports shared-types for types and pure functions only)', () => {
    const withZod = jsFiles(DIST).filter((f) => /\$ZodType|ZodError/.test(fs.readFileSync(f, 'utf8')));
    expect(withZod.map((f) => path.relative(DIST, f))).toEqual([]);
  });

  it('starts: requiring app.js with stubbed WeChat globals registers the App', () => {
    const g = globalThis as Record<string, unknown>;
    const appCalls: unknown[] = [];
    const storage = new Map<string, unknown>();
    const noop = () => undefined;
    const wx = new Proxy(
      {
        getSystemInfoSync: () => ({ platform: 'devtools', pixelRatio: 2, windowWidth: 375, windowHeight: 667, SDKVersion: '3.6.0' }),
        getStorageSync: (k: string) => storage.get(k) ?? '',
        setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
        removeStorageSync: (k: string) => void storage.delete(k),
        getPrivacySetting: ({ success }: { success?: (r: unknown) => void }) => success?.({ needAuthorization: false }),
        onNeedPrivacyAuthorization: noop,
        canIUse: () => true,
      } as Record<string, unknown>,
      // Any other wx API the runtime touches at start-up is a no-op function.
      { get: (t, k: string) => (k in t ? t[k] : k === 'webpackJsonp' ? undefined : noop), set: (t, k: string, v) => ((t[k] = v), true) },
    );
    const saved = { App: g.App, Page: g.Page, Component: g.Component, wx: g.wx, getApp: g.getApp, getCurrentPages: g.getCurrentPages };
    Object.assign(g, {
      wx,
      App: (options: unknown) => void appCalls.push(options),
      Page: noop,
      Component: noop,
      getApp: () => appCalls[0] ?? {},
      getCurrentPages: () => [],
    });
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the built bundle, as WeChat would
        require(path.join(DIST, 'app.js'));
      });
    } finally {
      Object.assign(g, saved);
    }
    expect(appCalls).toHaveLength(1);
    expect(typeof (appCalls[0] as { onLaunch?: unknown }).onLaunch).toBe('function');
  });
});

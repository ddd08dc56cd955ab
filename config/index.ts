import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * Taro build config. Both targets read the same source (miniapp/) and write dist/<TARO_ENV>, so
 * the BFF can serve dist/h5 from its own origin and WeChat DevTools opens dist/weapp.
 */
// shared-types is TypeScript source outside miniapp/: Taro only compiles sourceRoot unless told.
// Both the sibling folder and wherever the workspace symlink in node_modules really points.
const sharedTypesDirs = [path.resolve(__dirname, '..', 'shared-types', 'src'), path.join(fs.realpathSync(path.dirname(require.resolve('@healthpocket/shared-types/package.json'))), 'src')];
const compileShared = { include: [...new Set(sharedTypesDirs)] };

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'healthpocket',
    date: '2026-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'miniapp',
    // HP_DIST_ROOT lets a test run build elsewhere without touching the working dist/.
    outputRoot: `${process.env.HP_DIST_ROOT || 'dist'}/${process.env.TARO_ENV}`,
    plugins: [],
    // The weapp talks to the BFF over an absolute URL; H5 is served by the BFF and uses relative
    // URLs. Override at build time: TARO_APP_API_BASE=https://api.example.cn npm run build:weapp
    env: {
      TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE || 'http://127.0.0.1:8080'),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // Modules shared by several subpackages go to a common chunk per subpackage set, not to the
      // main package (WeChat: main package ≤ 2 MB; we hold it to 1 MB).
      optimizeMainPackage: { enable: true },
      // Sounds (the workbench alert beep) as files: InnerAudioContext wants a path, not a data: URL.
      mediaUrlLoaderOption: { limit: 1 },
      compile: compileShared,
      postcss: {
        pxtransform: { enable: true, config: {} },
        // 大字模式: every font-size scales with --hp-font-scale (components/LargeFont).
        './config/postcss-font-scale.js': { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      // The alert beep as a same-origin file: the CSP allows media from 'self' and blob:, not data:.
      mediaUrlLoaderOption: { limit: 1 },
      compile: compileShared,
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        './config/postcss-font-scale.js': { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});

import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const root = path.resolve(__dirname, '..');

/** An http(s) link without query or fragment (WeChat matches the registered prefix), or ''. */
function checkinLinkPrefix(raw: string | undefined): string {
  const v = (raw ?? '').trim();
  if (!v) return '';
  if (!/^https?:\/\/[^\s?#]+$/.test(v))
    throw new Error(`TARO_APP_CHECKIN_LINK_PREFIX must be an http(s) link without ? or #, got "${v}"`);
  return v;
}

/** Folders outside `miniprogram/` that the mini-program may import from (see `alias`). */
const sharedSources = [path.join(root, 'types'), path.join(root, 'cloudfunctions/core/domain')];

/**
 * Taro build config. Source in `miniprogram/`, output per platform in `dist/<platform>` so the
 * weapp and H5 builds never overwrite each other (`project.config.json` points DevTools at dist/weapp).
 * Aliases must agree with tsconfig.base.json `paths` and jest.config.js `moduleNameMapper`.
 */
export default defineConfig<'webpack5'>(async (merge) => {
  const platform = process.env.TARO_ENV ?? 'weapp';
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'frontline-branch',
    date: '2026-11-27',
    // Write CSS in phone pixels (iPhone 375 wide): 44px in a stylesheet is a 44pt touch target.
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'miniprogram',
    outputRoot: `dist/${platform}`,
    alias: {
      '@': path.join(root, 'miniprogram'),
      '@contract': path.join(root, 'types'),
      // Pure domain rules shared with the functions (the display page mints rotating codes offline).
      '@domain': path.join(root, 'cloudfunctions/core/domain'),
    },
    defineConstants: {
      // CloudBase environment id for the weapp build; empty = the DevTools-selected default env.
      CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
      // The plain-link QR prefix registered in the WeChat console for pages/checkin/index
      // (docs/checkin.md "Scanning with WeChat's own scanner"); '' = members scan in the app.
      CHECKIN_LINK_PREFIX: JSON.stringify(checkinLinkPrefix(process.env.TARO_APP_CHECKIN_LINK_PREFIX)),
    },
    // sitemap.json (app.config.ts `sitemapLocation`) is a mini-program file: copied into dist/weapp only.
    copy: {
      patterns:
        platform === 'weapp' ? [{ from: 'miniprogram/sitemap.json', to: 'dist/weapp/sitemap.json' }] : [],
      options: {},
    },
    plugins: [],
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: true },
    mini: {
      // Code outside sourceRoot that pages import at run time (the aliases above) must go through
      // Taro's babel too. Keep zod out of it: import schemas from `@contract/*` with `import type` only.
      compile: { include: sharedSources },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        fixCacheDependencies(chain);
        keepLicensesInline(chain);
      },
    },
    h5: {
      compile: { include: sharedSources },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      devServer: { host: '127.0.0.1' },
      webpackChain(chain) {
        fixCacheDependencies(chain);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});

/**
 * Taro's persistent cache lists `src/app.config` as a build dependency; with `sourceRoot:
 * 'miniprogram'` that file does not exist and webpack silently refuses to cache (TOOLCHAIN pitfall 3).
 * A config-level `cache.buildDependencies.files` array would be concatenated, so replace it here.
 */
function fixCacheDependencies(chain: {
  get(key: string): unknown;
  set(key: string, value: unknown): unknown;
}) {
  const cache = chain.get('cache') as { buildDependencies?: { files?: string[] } } | undefined;
  if (!cache || typeof cache !== 'object') return;
  chain.set('cache', {
    ...cache,
    buildDependencies: {
      ...cache.buildDependencies,
      files: [
        path.join(root, 'miniprogram/app.config.ts'),
        // Page configs are read by Taro outside webpack's module graph: a changed
        // `index.config.ts` must invalidate the cache too.
        ...pageConfigFiles(path.join(root, 'miniprogram')),
        path.join(root, 'config/dev.ts'),
        path.join(root, 'config/prod.ts'),
        path.join(root, 'babel.config.js'),
        path.join(root, 'package-lock.json'),
      ],
    },
  });
}

/**
 * terser-webpack-plugin moves license comments to `<chunk>.js.LICENSE.txt` beside the bundle. `.txt`
 * is not a file type a mini-program package may hold (miniprogram-ci's upload white list; `npm run
 * check:weapp` refuses it), and Taro's terser defaults drop every comment: keep the license comments
 * (~1 KB) in the bundle itself instead.
 */
function keepLicensesInline(chain: {
  optimization: {
    minimizer(name: string): { tap(f: (args: Record<string, unknown>[]) => object[]): unknown };
  };
}) {
  // (`minimizers`, the named-minimizer map, is not in webpack-chain's types)
  const named = (chain.optimization as unknown as { minimizers?: { has(name: string): boolean } }).minimizers;
  if (!named?.has('terserPlugin')) return;
  chain.optimization.minimizer('terserPlugin').tap(([opts = {}]) => {
    const terserOptions = (opts.terserOptions ?? {}) as { output?: object };
    return [
      {
        ...opts,
        extractComments: false,
        terserOptions: {
          ...terserOptions,
          output: { ...terserOptions.output, comments: /@license|@preserve|^\**!/i },
        },
      },
    ];
  });
}

function pageConfigFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return pageConfigFiles(p);
    return /\.config\.ts$/.test(e.name) && e.name !== 'app.config.ts' ? [p] : [];
  });
}

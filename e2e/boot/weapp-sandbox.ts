import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Runs a built `dist/weapp` in plain Node, the way the WeChat client would: `app.js` and each page's
 * JS are evaluated with stand-ins for the mini-program globals (`wx`, `App`, `Page`, `Component`,
 * `getApp`, `getCurrentPages`) and a `require` that loads the sibling chunk files (common, vendors,
 * taro, runtime). A page instance applies `setData` paths to its `data`, so a test can read what the
 * page would show. Only what the boot check needs is modelled: it proves the bundle loads, renders
 * and calls the cloud, not how WXML looks.
 */

export interface CloudCall {
  name: string;
  data: unknown;
  resolve(result: unknown): void;
  reject(err: unknown): void;
}

export interface PageInstance {
  route: string;
  data: Record<string, unknown>;
  setData(patch: Record<string, unknown>, cb?: () => void): void;
  [hook: string]: unknown;
}

export interface Sandbox {
  wx: Record<string, unknown>;
  app: Record<string, unknown> & { onLaunch?: (o: unknown) => void; onShow?: (o: unknown) => void };
  cloudCalls: CloudCall[];
  /** Loads a page's JS and drives onLoad/onShow/onReady like the client does on navigation. */
  openPage(route: string, query?: Record<string, string>): PageInstance;
  /** Every text node value under a page's rendered tree (`v` fields of Taro's serialised DOM). */
  texts(page: PageInstance): string[];
  /** Taps the innermost element whose text is exactly `text` (and its button, if inside one). */
  tap(page: PageInstance, text: string): void;
  /** Resolves once `pred` holds, polling; rejects with `what` after `ms`. */
  waitFor<T>(pred: () => T | undefined | false, what: string, ms?: number): Promise<T>;
  errors: unknown[];
}

/** `extraWx`: more `wx.*` stand-ins; they must exist before the app loads (Taro lists `wx`'s keys once, at start). */
export function createWeappSandbox(distDir: string, extraWx: Record<string, unknown> = {}): Sandbox {
  const cache = new Map<string, { exports: unknown }>();
  const pageDefs = new Map<string, Record<string, unknown>>();
  const componentDefs: Record<string, unknown>[] = [];
  const pages: PageInstance[] = [];
  const cloudCalls: CloudCall[] = [];
  const errors: unknown[] = [];
  const storage = new Map<string, unknown>();
  let appConfig: Sandbox['app'] | null = null;
  let currentFile = '';

  const ok = (name: string) => ({ errMsg: `${name}:ok` });
  const asyncApi =
    (name: string, result: () => Record<string, unknown> = () => ({})) =>
    (opts: { success?: (r: unknown) => void; complete?: (r: unknown) => void } = {}) => {
      const r = { ...ok(name), ...result() };
      setTimeout(() => {
        opts.success?.(r);
        opts.complete?.(r);
      });
      return opts.success || opts.complete ? undefined : Promise.resolve(r);
    };
  const systemInfo = {
    brand: 'devtools',
    model: 'iPhone 12',
    pixelRatio: 3,
    screenWidth: 390,
    screenHeight: 844,
    windowWidth: 390,
    windowHeight: 750,
    statusBarHeight: 44,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 17.0',
    platform: 'devtools',
    SDKVersion: '3.6.0',
    safeArea: { left: 0, right: 390, top: 44, bottom: 810, width: 390, height: 766 },
  };

  const wx: Record<string, unknown> = {
    getSystemInfoSync: () => systemInfo,
    getWindowInfo: () => systemInfo,
    getDeviceInfo: () => systemInfo,
    getAppBaseInfo: () => systemInfo,
    getSystemInfo: asyncApi('getSystemInfo', () => systemInfo),
    getMenuButtonBoundingClientRect: () => ({
      width: 87,
      height: 32,
      top: 48,
      right: 380,
      bottom: 80,
      left: 293,
    }),
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    getStorage: asyncApi('getStorage'),
    setStorage: asyncApi('setStorage'),
    nextTick: (fn: () => void) => setTimeout(fn),
    navigateTo: asyncApi('navigateTo'),
    redirectTo: asyncApi('redirectTo'),
    switchTab: asyncApi('switchTab'),
    navigateBack: asyncApi('navigateBack'),
    showToast: asyncApi('showToast'),
    showLoading: asyncApi('showLoading'),
    hideLoading: asyncApi('hideLoading'),
    showModal: asyncApi('showModal', () => ({ confirm: true, cancel: false })),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh'),
    createSelectorQuery: () => {
      const q = {
        select: () => q,
        selectAll: () => q,
        in: () => q,
        boundingClientRect: () => q,
        fields: () => q,
        exec: (cb?: (r: unknown[]) => void) => cb?.([]),
      };
      return q;
    },
    onAppShow: () => undefined,
    onAppHide: () => undefined,
    offAppShow: () => undefined,
    offAppHide: () => undefined,
    canIUse: () => true,
    cloud: {
      inited: false as boolean,
      initOptions: null as unknown,
      init(opts: unknown) {
        (wx.cloud as { inited: boolean; initOptions: unknown }).inited = true;
        (wx.cloud as { initOptions: unknown }).initOptions = opts;
      },
      callFunction(opts: { name: string; data: unknown }) {
        if (!(wx.cloud as { inited: boolean }).inited) {
          return Promise.reject({ errMsg: 'cloud.callFunction:fail please call wx.cloud.init first' });
        }
        return new Promise((resolve, reject) => {
          cloudCalls.push({
            name: opts.name,
            data: opts.data,
            resolve: (result) =>
              resolve({ errMsg: 'cloud.callFunction:ok', result, requestID: 'req-' + cloudCalls.length }),
            reject,
          });
        });
      },
    },
  };

  Object.assign(wx, extraWx);

  const App = (cfg: Sandbox['app']) => {
    appConfig = cfg;
  };
  const Page = (cfg: Record<string, unknown>) => {
    pageDefs.set(currentFile, cfg);
  };
  const Component = (cfg: Record<string, unknown>) => {
    componentDefs.push(cfg);
  };
  const getApp = () => appConfig;
  const getCurrentPages = () => pages;
  const globals = { wx, App, Page, Component, getApp, getCurrentPages };

  function load(file: string): unknown {
    const abs = path.resolve(file.endsWith('.js') ? file : file + '.js');
    const cached = cache.get(abs);
    if (cached) return cached.exports;
    if (!abs.startsWith(path.resolve(distDir) + path.sep)) throw new Error(`require outside dist: ${abs}`);
    const mod = { exports: {} as unknown };
    cache.set(abs, mod);
    const code = fs.readFileSync(abs, 'utf8');
    const names = Object.keys(globals);
    const wrapper = `(function (require, module, exports, ${names.join(', ')}) {${code}\n})`;
    const fn = new vm.Script(wrapper, { filename: abs }).runInThisContext() as (...a: unknown[]) => void;
    const localRequire = (id: string) => {
      if (id.startsWith('.') || id.startsWith('/')) return load(path.resolve(path.dirname(abs), id));
      throw new Error(
        `weapp bundle required a non-relative module "${id}" (not available in the mini-program)`,
      );
    };
    const prev = currentFile;
    currentFile = abs;
    try {
      fn(localRequire, mod, mod.exports, ...names.map((n) => (globals as Record<string, unknown>)[n]));
    } finally {
      currentFile = prev;
    }
    return mod.exports;
  }

  load(path.join(distDir, 'app.js'));
  if (!appConfig) throw new Error('app.js did not call App()');

  function applyPath(target: Record<string, unknown>, keyPath: string, value: unknown) {
    // Taro sends paths like `root.cn.[0].cn.[2].v` (and `root.cn[0]`).
    const parts: (string | number)[] = [];
    for (const seg of keyPath.split('.')) {
      const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(seg);
      if (!m) throw new Error(`unexpected setData path ${keyPath}`);
      if (m[1]) parts.push(m[1]);
      for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
    }
    let obj: Record<string | number, unknown> = target;
    for (let i = 0; i < parts.length - 1; i++) {
      const k = parts[i];
      if (obj[k] === null || typeof obj[k] !== 'object') obj[k] = typeof parts[i + 1] === 'number' ? [] : {};
      obj = obj[k] as Record<string | number, unknown>;
    }
    obj[parts[parts.length - 1]] = value;
  }

  function openPage(route: string, query: Record<string, string> = {}): PageInstance {
    const file = path.resolve(distDir, route + '.js');
    load(file);
    const def = pageDefs.get(file);
    if (!def) throw new Error(`${route}.js did not call Page()`);
    const page = Object.create(def) as PageInstance;
    page.route = route;
    page.__route__ = route;
    page.data = JSON.parse(JSON.stringify(def.data ?? {}));
    page.setData = (patch, cb) => {
      for (const [k, v] of Object.entries(patch)) applyPath(page.data, k, JSON.parse(JSON.stringify(v)));
      if (cb) setTimeout(cb);
    };
    pages.push(page);
    const call = (hook: string, ...args: unknown[]) => {
      const f = page[hook];
      if (typeof f === 'function') {
        try {
          (f as (...a: unknown[]) => unknown).apply(page, args);
        } catch (e) {
          errors.push(e);
          throw e;
        }
      }
    };
    call('onLoad', query);
    call('onShow');
    call('onReady');
    return page;
  }

  function texts(page: PageInstance): string[] {
    const out: string[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (typeof o.v === 'string') out.push(o.v);
      for (const [k, v] of Object.entries(o)) if (k !== 'v') walk(v);
    };
    walk(page.data.root);
    return out;
  }

  function tap(page: PageInstance, text: string): void {
    type Node = { sid?: string; v?: string; role?: string; cn?: Node[] };
    const ownText = (n: Node): string => (n.v ?? '') + (n.cn ?? []).map(ownText).join('');
    let hit: Node | null = null;
    const walk = (n: Node, button: Node | null) => {
      const b = n.role === 'button' ? n : button;
      if (n.sid && n.v === undefined && ownText(n) === text) hit = b ?? n;
      for (const c of n.cn ?? []) walk(c, b);
    };
    for (const n of ((page.data.root as Node | undefined)?.cn ?? []) as Node[]) walk(n, null);
    const target = hit as Node | null;
    if (!target?.sid) throw new Error(`nothing to tap with text "${text}" on ${page.route}`);
    const ref = { id: target.sid, dataset: { sid: target.sid } };
    (page.eh as (e: unknown) => void).call(page, {
      type: 'tap',
      timeStamp: Date.now(),
      target: ref,
      currentTarget: ref,
      detail: { x: 1, y: 1 },
    });
  }

  async function waitFor<T>(pred: () => T | undefined | false, what: string, ms = 5000): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = pred();
      if (v) return v;
      if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  return { wx, app: appConfig as Sandbox['app'], cloudCalls, openPage, texts, tap, waitFor, errors };
}

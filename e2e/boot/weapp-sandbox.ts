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
  /** Scripted mode: the test answers the call. (Bridged to a local cloud: throws, the cloud answers.) */
  resolve(result: unknown): void;
  reject(err: unknown): void;
  /** Bridged to a local cloud: what `/fn/<name>` answered (HTTP status and body), once it has. */
  answered?: { status: number; result: unknown };
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
  /**
   * WeChat rules broken silently (the platform does not fail, the feature just does not work),
   * e.g. `isHighAccuracy` without `highAccuracyExpireTime` ≥ 3000. Tests assert it stays empty.
   */
  warnings: string[];
  /** `wx.showModal` calls (title + content), in order. */
  modals: { title?: string; content?: string }[];
  /** Private-API calls that reached the "device" (after declaration and consent checks). */
  privateCalls: { api: string; opts: Record<string, unknown> }[];
  /** Taps WeChat's `open-type="agreePrivacyAuthorization"` button on the page (fires its event). */
  agreePrivacy(page: PageInstance): void;
  /** The page stack, bottom first (what `getCurrentPages()` answers). */
  stack(): PageInstance[];
  /**
   * Unloads every open page, top first (`onUnload`: React unmounts, the pages' timers stop), as
   * WeChat does when the mini-program is closed. Call it when done: a page left open (e.g. the
   * display's countdown) keeps the test process alive.
   */
  close(): void;
}

export interface SandboxOptions {
  /** `SDKVersion` of the simulated WeChat (base library); default 3.6.0. */
  sdkVersion?: string;
  /** The user already agreed to the privacy guide (default: a new user who has not). */
  privacyAgreed?: boolean;
  /**
   * Model the page stack: `navigateTo` / `redirectTo` / `navigateBack` / `switchTab` open and
   * close pages like WeChat, and `navigateTo` fails past 10 pages. Off by default (navigation is
   * answered but does not load pages).
   */
  navigation?: boolean;
  /**
   * Run against a real local cloud instead of answers scripted by the test: `wx.cloud.callFunction`
   * becomes `POST <url>/fn/<name>` as `openid` (WeChat attaches the caller's identity; the local
   * cloud takes it from `x-openid`). A function that is not deployed, fails or times out rejects the
   * way WeChat's callFunction does (`cloud.callFunction:fail <errCode> …`); a function's answer
   * (envelope, ok or not) resolves `{ result }`.
   */
  cloud?: { url: string; openid?: string };
}

/**
 * APIs that must be listed in app.json `requiredPrivateInfos` (since 2022-07-14) — WeChat refuses
 * them otherwise with "the api need to be declared in the requiredPrivateInfos field".
 */
const REQUIRED_PRIVATE_INFOS = [
  'getFuzzyLocation',
  'getLocation',
  'onLocationChange',
  'startLocationUpdate',
  'startLocationUpdateBackground',
  'chooseLocation',
  'choosePoi',
  'chooseAddress',
];
/**
 * APIs behind the privacy guide (用户隐私保护指引): called before the user agreed they stay pending
 * and `onNeedPrivacyAuthorization` fires; refused, they fail with "privacy permission is not
 * authorized" (errno 104). Without a listener this sandbox refuses at once (WeChat may show its own
 * popup instead; the app must not rely on it).
 */
const PRIVACY_APIS = [
  ...REQUIRED_PRIVATE_INFOS,
  'saveImageToPhotosAlbum',
  'saveVideoToPhotosAlbum',
  'chooseImage',
  'chooseMedia',
  'chooseMessageFile',
  'getClipboardData',
  'setClipboardData',
  'startWifi',
  'getConnectedWifi',
  'getWifiList',
];
/** The `permission` key an API needs a description for in app.json. */
const PERMISSION_OF: Record<string, string> = {
  getLocation: 'scope.userLocation',
  getFuzzyLocation: 'scope.userFuzzyLocation',
  startLocationUpdate: 'scope.userLocation',
};

/**
 * `wx.*` stand-ins for WeChat's subscribe messages: `getSetting` answers the main switch on and the
 * choices the user told WeChat to remember (`itemSettings`: template id → accept/reject/ban);
 * `requestSubscribeMessage` calls `onPrompt` with the template ids at once (inside the tap, where
 * WeChat opens the prompt) and answers `answers` (template id → accept/reject); `openSetting` calls
 * `onOpenSetting` and answers ok.
 */
export function subscribeWx(o: {
  itemSettings?: Record<string, 'accept' | 'reject' | 'ban'>;
  answers?: Record<string, 'accept' | 'reject'>;
  onPrompt?: (tmplIds: string[]) => void;
  onOpenSetting?: (opts: { withSubscriptions?: boolean }) => void;
}): Record<string, unknown> {
  type Callback = { success?: (r: unknown) => void };
  const later = (cb: Callback, r: object) => setTimeout(() => cb.success?.(r));
  return {
    getSetting: (cb: Callback) =>
      later(cb, {
        errMsg: 'getSetting:ok',
        subscriptionsSetting: { mainSwitch: true, ...(o.itemSettings && { itemSettings: o.itemSettings }) },
      }),
    requestSubscribeMessage: (opts: Callback & { tmplIds: string[] }) => {
      o.onPrompt?.(opts.tmplIds);
      later(opts, { errMsg: 'requestSubscribeMessage:ok', ...o.answers });
    },
    openSetting: (opts: Callback & { withSubscriptions?: boolean }) => {
      o.onOpenSetting?.({ withSubscriptions: opts.withSubscriptions });
      later(opts, { errMsg: 'openSetting:ok' });
    },
  };
}

/** `extraWx`: more `wx.*` stand-ins; they must exist before the app loads (Taro lists `wx`'s keys once, at start). */
export function createWeappSandbox(
  distDir: string,
  extraWx: Record<string, unknown> = {},
  options: SandboxOptions = {},
): Sandbox {
  const appJson = JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8')) as {
    requiredPrivateInfos?: string[];
    permission?: Record<string, { desc?: string }>;
    tabBar?: { list: { pagePath: string }[] };
  };
  const warnings: string[] = [];
  const modals: { title?: string; content?: string }[] = [];
  const privateCalls: { api: string; opts: Record<string, unknown> }[] = [];
  let privacyAgreed = options.privacyAgreed ?? false;
  let privacyListener: ((resolve: (o: unknown) => void, info: { referrer: string }) => void) | null = null;
  const agreeTapped = new Set<string>();
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
    SDKVersion: options.sdkVersion ?? '3.6.0',
    safeArea: { left: 0, right: 390, top: 44, bottom: 810, width: 390, height: 766 },
  };

  /** What each private API answers once it is allowed (tests replace these through extraWx). */
  const deviceAnswers: Record<string, (opts: Record<string, unknown>) => Record<string, unknown>> = {
    getLocation: () => ({ latitude: 30.2932, longitude: 120.0865, accuracy: 15, speed: 0, altitude: 0 }),
    startWifi: () => ({}),
    getConnectedWifi: () => ({
      wifi: { SSID: 'lab-5g', BSSID: 'a4:5e:60:c2:11:0f', secure: true, signalStrength: 90 },
    }),
    saveImageToPhotosAlbum: () => ({}),
    chooseMessageFile: () => ({ tempFiles: [] }),
  };

  /**
   * A private API as WeChat runs it: refused when undeclared (requiredPrivateInfos / permission),
   * held for the privacy consent before the user agreed, then answered by `deviceAnswers`.
   */
  const privateApi =
    (api: string) =>
    (
      opts: Record<string, unknown> & {
        success?: (r: unknown) => void;
        fail?: (r: unknown) => void;
        complete?: (r: unknown) => void;
      } = {},
    ) => {
      const finish = (ok: boolean, r: Record<string, unknown>) => {
        setTimeout(() => {
          if (ok) opts.success?.(r);
          else opts.fail?.(r);
          opts.complete?.(r);
        });
      };
      const promise = new Promise<Record<string, unknown>>((resolve, reject) => {
        const fail = (errMsg: string, extra: Record<string, unknown> = {}) => {
          const r = { errMsg: `${api}:fail ${errMsg}`, ...extra };
          finish(false, r);
          reject(r);
        };
        const go = () => {
          const override = extraWx[api];
          if (typeof override === 'function') {
            privateCalls.push({ api, opts });
            (override as (o: unknown) => unknown)({
              ...opts,
              success: (r: Record<string, unknown>) => {
                opts.success?.(r);
                opts.complete?.(r);
                resolve(r);
              },
              fail: (r: Record<string, unknown>) => {
                opts.fail?.(r);
                opts.complete?.(r);
                reject(r);
              },
            });
            return;
          }
          if (api === 'getLocation' && opts.isHighAccuracy) {
            const t = Number(opts.highAccuracyExpireTime);
            if (!(t >= 3000))
              warnings.push(
                'getLocation: isHighAccuracy without highAccuracyExpireTime >= 3000 has no effect',
              );
          }
          privateCalls.push({ api, opts });
          const r = { errMsg: `${api}:ok`, ...(deviceAnswers[api]?.(opts) ?? {}) };
          finish(true, r);
          resolve(r);
        };
        if (REQUIRED_PRIVATE_INFOS.includes(api) && !appJson.requiredPrivateInfos?.includes(api))
          return fail('the api need to be declared in the requiredPrivateInfos field in app.json/ext.json');
        const scope = PERMISSION_OF[api];
        if (scope && !appJson.permission?.[scope]?.desc)
          return fail(`the api need to be declared in the permission field (${scope}) in app.json`);
        if (!PRIVACY_APIS.includes(api) || privacyAgreed) return go();
        if (!privacyListener) return fail('privacy permission is not authorized', { errno: 104 });
        let settled = false;
        privacyListener(
          (o: unknown) => {
            const r = (o ?? {}) as { event?: string; buttonId?: string };
            if (settled || r.event === 'exposureAuthorization') return;
            settled = true;
            if (r.event === 'agree' && r.buttonId && agreeTapped.has(r.buttonId)) {
              privacyAgreed = true;
              go();
            } else if (r.event === 'agree') {
              // WeChat checks that the named agree button was really tapped.
              fail('privacy permission is not authorized: agree button was not tapped', { errno: 104 });
            } else fail('privacy permission is not authorized', { errno: 104 });
          },
          { referrer: api },
        );
      });
      promise.catch(() => undefined);
      return opts.success || opts.fail || opts.complete ? undefined : promise;
    };

  const userData = new Map<string, string>();

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
    showModal: (
      o: {
        title?: string;
        content?: string;
        success?: (r: unknown) => void;
        complete?: (r: unknown) => void;
      } = {},
    ) => {
      modals.push({ title: o.title, content: o.content });
      return asyncApi('showModal', () => ({ confirm: true, cancel: false }))(o);
    },
    stopPullDownRefresh: asyncApi('stopPullDownRefresh'),
    setKeepScreenOn: asyncApi('setKeepScreenOn'),
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
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,
    getNetworkType: asyncApi('getNetworkType', () => ({ networkType: 'wifi' })),
    onAppShow: () => undefined,
    onAppHide: () => undefined,
    offAppShow: () => undefined,
    offAppHide: () => undefined,
    canIUse: () => true,
    onNeedPrivacyAuthorization: (
      listener: (resolve: (o: unknown) => void, info: { referrer: string }) => void,
    ) => {
      privacyListener = listener;
    },
    getPrivacySetting: asyncApi('getPrivacySetting', () => ({
      needAuthorization: !privacyAgreed,
      privacyContractName: '《一线支部隐私保护指引》',
    })),
    openPrivacyContract: asyncApi('openPrivacyContract'),
    requirePrivacyAuthorize: asyncApi('requirePrivacyAuthorize'),
    ...Object.fromEntries(PRIVACY_APIS.map((api) => [api, privateApi(api)])),
    stopWifi: asyncApi('stopWifi'),
    getFileSystemManager: () => ({
      writeFile: (o: {
        filePath: string;
        data: string;
        success?: (r: unknown) => void;
        complete?: (r: unknown) => void;
      }) => {
        userData.set(o.filePath, o.data);
        const r = { errMsg: 'writeFile:ok' };
        setTimeout(() => {
          o.success?.(r);
          o.complete?.(r);
        });
      },
    }),
    env: { USER_DATA_PATH: 'wxfile://usr' },
    openDocument: asyncApi('openDocument'),
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
        if (options.cloud) return bridged(options.cloud, opts);
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

  /**
   * WeChat's callFunction over the local cloud's `/fn/<name>`. Error codes as the client reports
   * them (CloudBase error codes): -501000 function not found, -504002 the function failed or timed
   * out, -1 transport.
   */
  function bridged(
    cloud: NonNullable<SandboxOptions['cloud']>,
    opts: { name: string; data: unknown },
  ): Promise<unknown> {
    const call: CloudCall = {
      name: opts.name,
      data: JSON.parse(JSON.stringify(opts.data ?? {})),
      resolve: () => {
        throw new Error('this sandbox runs against a local cloud: the cloud answers, not the test');
      },
      reject: () => {
        throw new Error('this sandbox runs against a local cloud: the cloud answers, not the test');
      },
    };
    cloudCalls.push(call);
    const fail = (errCode: number, msg: string) => ({
      errCode,
      errMsg: `cloud.callFunction:fail ${errCode} ${msg}`,
    });
    return fetch(`${cloud.url}/fn/${encodeURIComponent(opts.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cloud.openid ? { 'x-openid': cloud.openid } : {}) },
      body: JSON.stringify(opts.data ?? {}),
    }).then(
      async (res) => {
        const text = await res.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: kept as text for the failure message
        }
        call.answered = { status: res.status, result: body };
        if (res.status === 200)
          return {
            errMsg: 'cloud.callFunction:ok',
            result: body,
            requestID: res.headers.get('x-request-id'),
          };
        const reason = (body as { error?: { message?: string } })?.error?.message ?? text.slice(0, 200);
        if (res.status === 404) throw fail(-501000, `FUNCTION_NOT_FOUND: ${opts.name}: ${reason}`);
        throw fail(-504002, `functions execute fail: ${reason}`);
      },
      (e: unknown) => {
        call.answered = { status: 0, result: String(e) };
        throw fail(-1, `request:fail ${String(e)}`);
      },
    );
  }

  if (options.navigation) {
    const parse = (url: string) => {
      const [p0, q = ''] = url.split('?');
      const query: Record<string, string> = {};
      for (const part of q.split('&').filter(Boolean)) {
        const [k, v = ''] = part.split('=');
        query[decodeURIComponent(k)] = decodeURIComponent(v);
      }
      return { route: p0.replace(/^\//, ''), query };
    };
    const nav =
      (name: string, run: (o: Record<string, unknown>) => string | null) =>
      (
        o: Record<string, unknown> & {
          success?: (r: unknown) => void;
          fail?: (r: unknown) => void;
          complete?: (r: unknown) => void;
        } = {},
      ) => {
        let err: string | null;
        try {
          err = run(o);
        } catch (e) {
          err = (e as Error).message;
        }
        const r = { errMsg: err ? `${name}:fail ${err}` : `${name}:ok` };
        setTimeout(() => {
          if (err) o.fail?.(r);
          else o.success?.(r);
          o.complete?.(r);
        });
        return o.success || o.fail || o.complete ? undefined : err ? Promise.reject(r) : Promise.resolve(r);
      };
    const close = (page: PageInstance) => {
      const f = page.onUnload;
      if (typeof f === 'function') (f as () => void).call(page);
    };
    const reveal = () => {
      const top = pages[pages.length - 1];
      const f = top?.onShow;
      if (typeof f === 'function') (f as () => void).call(top);
    };
    wx.navigateTo = nav('navigateTo', (o) => {
      // WeChat: at most 10 pages on the stack.
      if (pages.length >= 10) return 'webview count limit exceed';
      const { route, query } = parse(String(o.url));
      openPage(route, query);
      return null;
    });
    wx.redirectTo = nav('redirectTo', (o) => {
      const { route, query } = parse(String(o.url));
      const top = pages.pop();
      if (top) close(top);
      openPage(route, query);
      return null;
    });
    wx.navigateBack = nav('navigateBack', (o) => {
      const delta = Math.max(1, Number(o.delta ?? 1));
      for (let i = 0; i < delta && pages.length > 1; i++) close(pages.pop() as PageInstance);
      reveal();
      return null;
    });
    wx.switchTab = nav('switchTab', (o) => {
      const { route } = parse(String(o.url));
      if (!appJson.tabBar?.list.some((t) => t.pagePath === route)) return 'can not switch to no-tabBar page';
      while (pages.length > 0) close(pages.pop() as PageInstance);
      openPage(route, {});
      return null;
    });
  }

  for (const [k, v] of Object.entries(extraWx)) if (!PRIVACY_APIS.includes(k)) wx[k] = v;

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
    page.options = query;
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

  /** Bridged mode: the calls the local cloud refused, for a timeout's message. */
  function cloudFailures(): string {
    const failed = cloudCalls.flatMap((c) => {
      const r = c.answered?.result as
        { ok?: boolean; error?: { code?: string; message?: string } } | undefined;
      if (!c.answered || (c.answered.status === 200 && r?.ok !== false)) return [];
      const action = (c.data as { action?: string }).action;
      return [
        `${c.name}.${action}: HTTP ${c.answered.status} ${r?.error?.code ?? ''} ${r?.error?.message ?? ''}`,
      ];
    });
    return failed.length ? `; the local cloud refused: ${failed.join('; ')}` : '';
  }

  async function waitFor<T>(pred: () => T | undefined | false, what: string, ms = 5000): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = pred();
      if (v) return v;
      if (Date.now() - t0 > ms)
        throw new Error(`timed out after ${ms} ms waiting for ${what}${cloudFailures()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  function agreePrivacy(page: PageInstance): void {
    type Node = { sid?: string; uid?: string; nn?: string | number; [k: string]: unknown; cn?: Node[] };
    let hit: Node | null = null;
    const walk = (n: Node) => {
      // Taro serialises props under short keys (open-type is `p11` in base.wxml): match the value.
      const open = Object.values(n).includes('agreePrivacyAuthorization');
      if (open) hit = n;
      for (const c of n.cn ?? []) walk(c);
    };
    walk((page.data.root as Node | undefined) ?? {});
    const target = hit as Node | null;
    if (!target?.sid) throw new Error(`no open-type="agreePrivacyAuthorization" button on ${page.route}`);
    const id = target.uid ?? target.sid;
    agreeTapped.add(id);
    const ref = { id, dataset: { sid: target.sid } };
    (page.eh as (e: unknown) => void).call(page, {
      type: 'agreeprivacyauthorization',
      timeStamp: Date.now(),
      target: ref,
      currentTarget: ref,
      detail: {},
    });
  }

  return {
    wx,
    app: appConfig as Sandbox['app'],
    cloudCalls,
    openPage,
    texts,
    tap,
    waitFor,
    errors,
    warnings,
    modals,
    privateCalls,
    agreePrivacy,
    stack: () => pages,
    close: () => {
      while (pages.length > 0) {
        const page = pages.pop() as PageInstance;
        const f = page.onUnload;
        if (typeof f === 'function') (f as () => void).call(page);
      }
    },
  };
}

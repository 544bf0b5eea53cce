import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoCloud, type DemoCloud } from './demo-cloud';
import {
  hasChromium,
  launchChromium,
  phoneContext,
  screenshotPath,
  shownPage,
  storeIdentity,
  warnIfNoChromium,
} from './browser';

/**
 * UX tour: every page registered in miniprogram/app.config.ts, opened in the H5 build (demo data on a
 * private local cloud) as the identity that uses it — plus an identity the server refuses (error
 * state) and a branch or activity without data (empty state) — at 390×844 and on a small 320×568 phone.
 * Each visit asserts: no page error, the page settles (no spinner left, not blank), a Chinese title,
 * Chinese text without raw codes / undefined / NaN / ISO or epoch times, nothing wider than the screen,
 * and every tappable element at least 44×44 px. Screenshots: e2e/screenshots/tour-*.png.
 */
warnIfNoChromium('H5 tour');
const describeBrowser = hasChromium ? describe : describe.skip;

const root = path.resolve(__dirname, '../..');
/** Every route of app.config.ts (main pages + subpackages), read from the source so a new page must join the tour. */
function registeredRoutes(): string[] {
  const src = fs.readFileSync(path.join(root, 'miniprogram/app.config.ts'), 'utf8');
  const quoted = (s: string) => [...s.matchAll(/'([a-z0-9/-]+\/index)'/g)].map((m) => m[1]);
  // main pages, with the H5-only ones listed before them (h5Only)
  const main = quoted(src.slice(0, src.indexOf('subPackages')));
  const subs = [...src.matchAll(/root: '([a-z]+)',?\s*pages: \[([^\]]*)\]/g)].flatMap((m) =>
    quoted(m[2]).map((p) => `${m[1]}/${p}`),
  );
  return [...main, ...subs];
}

type Size = { width: number; height: number };
const PHONE: Size = { width: 390, height: 844 };
const SMALL: Size = { width: 320, height: 568 };

interface Visit {
  /** screenshot name: tour-<name>.png */
  name: string;
  route: string;
  query?: () => string | Promise<string>;
  /** openid sent as x-openid; null = nobody chose an identity yet */
  as: string | null;
  /** what the page must settle into; refused: one error or explanation state (no data shown) */
  expect: 'content' | 'empty' | 'error' | 'refused';
  /** Latin words this page may show (the H5-only demo login speaks of openids) */
  latin?: string[];
  sizes?: Size[];
  /** a button the page must offer (e.g. the way out of an error) */
  button?: string;
  /** a selector whose text must be shown large (a scan's answer): font-size >= 22 px */
  big?: string;
  /** what the page must say (counts, missed meetings…) */
  says?: RegExp[];
  /** the 我的 tab carries a number badge (the secretary's pending work) */
  tabBadge?: boolean;
}

const NEW_USER = 'o_tour_newuser01';
const MISSING = 'act_does_not_exist';
/** Latin that is the product's vocabulary in Chinese UI too. */
const ALLOWED_LATIN = ['Excel', 'xlsx', 'BSSID', 'CSV'];

describeBrowser('H5 tour: every page, every kind of user, at phone sizes', () => {
  let demo: DemoCloud;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();
  let activityId = '';
  let emptyBranchId = '';
  const visited = new Set<string>();

  async function fn<T>(name: string, action: string, payload: unknown, openid: string): Promise<T> {
    const r = await fetch(`${demo.cloud.url}/fn/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-openid': openid },
      body: JSON.stringify({ action, payload }),
    });
    const env = (await r.json()) as { ok: boolean; data: T; error?: unknown };
    if (!env.ok) throw new Error(`${name}.${action}: ${JSON.stringify(env.error)}`);
    return env.data;
  }

  async function contextFor(as: string | null, size: Size): Promise<BrowserContext> {
    const key = `${as}@${size.width}`;
    const have = contexts.get(key);
    if (have) return have;
    const ctx =
      size === PHONE
        ? await phoneContext(browser)
        : await browser.newContext({
            viewport: size,
            deviceScaleFactor: 2,
            isMobile: true,
            hasTouch: true,
            locale: 'zh-CN',
            timezoneId: 'Asia/Shanghai',
          });
    if (as) await storeIdentity(ctx, as);
    contexts.set(key, ctx);
    return ctx;
  }

  /**
   * Marks every element with a click listener (`data-tour-click`). Taro's H5 components attach
   * onClick with addEventListener, so the listeners are read through the DevTools protocol.
   */
  async function markClickables(page: Page): Promise<void> {
    const cdp = await page.context().newCDPSession(page);
    try {
      const { result } = (await cdp.send('Runtime.evaluate', {
        expression: 'Array.from(document.querySelectorAll("#app *"))',
      })) as { result: { objectId: string } };
      const props = (await cdp.send('Runtime.getProperties', {
        objectId: result.objectId,
        ownProperties: true,
      })) as { result: { name: string; value?: { objectId?: string } }[] };
      for (const p of props.result) {
        const objectId = p.value?.objectId;
        if (!/^\d+$/.test(p.name) || !objectId) continue;
        const { listeners } = (await cdp.send('DOMDebugger.getEventListeners', { objectId })) as {
          listeners: { type: string }[];
        };
        if (listeners.some((l) => l.type === 'click' || l.type === 'tap'))
          await cdp.send('Runtime.callFunctionOn', {
            objectId,
            functionDeclaration: 'function () { this.setAttribute("data-tour-click", "1"); }',
          });
      }
    } finally {
      await cdp.detach();
    }
  }

  /** What a person sees, measured in the page: text, title, tappables, overflow. */
  async function inspect(page: Page, route: string) {
    await markClickables(page);
    return page.evaluate((route) => {
      const pageEl = document.querySelector<HTMLElement>(`.taro_page[id^="/${route}"]`);
      const vw = window.innerWidth;
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
      };
      const scope = pageEl ?? document.body;
      const tappables: { text: string; w: number; h: number; cls: string }[] = [];
      const all = [scope, ...Array.from(document.querySelectorAll('.weui-tabbar__item'))];
      for (const top of all) {
        const els = [top, ...Array.from(top.querySelectorAll('*'))];
        for (const el of els) {
          const isField = /^(INPUT|TEXTAREA)$/.test(el.tagName) && (el as HTMLInputElement).type !== 'hidden';
          const clickable =
            el.hasAttribute('data-tour-click') || isField || el.classList.contains('weui-tabbar__item');
          if (!clickable || !visible(el)) continue;
          // A field inside a framed input counts by its frame.
          const box = (
            isField ? (el.closest('.ui-input, .taro-textarea, taro-input-core') ?? el) : el
          ).getBoundingClientRect();
          tappables.push({
            text: ((el as HTMLElement).innerText || (el as HTMLInputElement).placeholder || '').slice(0, 30),
            w: Math.round(box.width * 10) / 10,
            h: Math.round(box.height * 10) / 10,
            cls: String((el as HTMLElement).className).slice(0, 60),
          });
        }
      }
      // Button labels on one line (a label broken in two reads as two words).
      const wrapped: string[] = [];
      for (const el of Array.from(scope.querySelectorAll('.ui-button'))) {
        if (!visible(el)) continue;
        // The label's text only: a loading spinner beside it is a box, not a line of text.
        const lines = new Set<number>();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.textContent?.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const r of Array.from(range.getClientRects()))
            if (r.width > 0 && r.height > 0) lines.add(Math.round(r.bottom));
        }
        if (lines.size > 1) wrapped.push((el as HTMLElement).innerText.replace(/\s+/g, ' '));
      }
      const overflow: string[] = [];
      for (const el of Array.from(scope.querySelectorAll('*'))) {
        if (!visible(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.right > vw + 1 || r.left < -1) {
          const s = getComputedStyle(el.parentElement ?? el);
          if (s.overflowX === 'auto' || s.overflowX === 'scroll') continue; // a deliberate scroller
          overflow.push(
            `${String((el as HTMLElement).className).slice(0, 40)} [${Math.round(r.left)}..${Math.round(r.right)}] ${(el as HTMLElement).innerText?.slice(0, 20) ?? ''}`,
          );
        }
      }
      return {
        found: Boolean(pageEl),
        title: document.title,
        text: (pageEl ?? document.body).innerText,
        tabText: Array.from(document.querySelectorAll('.weui-tabbar'))
          .map((e) => (e as HTMLElement).innerText)
          .join(' '),
        tabBadges: Array.from(document.querySelectorAll('.weui-tabbar .weui-badge'))
          .filter(visible)
          .map((e) => (e as HTMLElement).innerText.trim()),
        loading: scope.querySelectorAll('.state-view--loading').length,
        empty: Array.from(scope.querySelectorAll('.state-view--empty')).filter(visible).length,
        error: Array.from(scope.querySelectorAll('.state-view--error')).filter(visible).length,
        headings: Array.from(
          scope.querySelectorAll(
            '.ui-card__title, .state-view, .section-title, [class*="title"], [class*="name"]',
          ),
        ).filter(visible).length,
        tappables,
        wrapped,
        overflow: overflow.slice(0, 10),
        scrollWidth: document.documentElement.scrollWidth,
        vw,
      };
    }, route);
  }

  async function tour(v: Visit, size: Size): Promise<void> {
    const ctx = await contextFor(v.as, size);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      const url = `${demo.cloud.url}/#/${v.route}${v.query ? '?' + (await v.query()) : ''}`;
      await page.goto(url);
      // Settled: no spinner, and some text on the page.
      await shownPage(page, v.route, 12_000);
      await page.waitForTimeout(250); // the page-in transition
      // Counts load after the page (useStaffCounts): give what the page must say a moment to arrive.
      if (v.says?.length || v.tabBadge)
        await page
          .waitForFunction(
            ({ route, says, badge }) => {
              const el = document.querySelector(`.taro_page[id^="/${route}"]`) as HTMLElement | null;
              const text = el?.innerText ?? '';
              const badges = Array.from(document.querySelectorAll('.weui-tabbar .weui-badge')).map((b) =>
                (b as HTMLElement).innerText.trim(),
              );
              return (
                says.every((src) => new RegExp(src).test(text)) &&
                (!badge || badges.some((b) => /^\d+\+?$/.test(b)))
              );
            },
            { route: v.route, says: (v.says ?? []).map((r) => r.source), badge: !!v.tabBadge },
            { timeout: 10_000 },
          )
          .catch(() => undefined); // the checks below then say what is missing
      const suffix = size === PHONE ? '' : `-${size.width}`;
      await page.screenshot({ path: screenshotPath(`tour-${v.name}${suffix}`), fullPage: true });
      const seen = await inspect(page, v.route);
      const where = `${v.name} @${size.width}px`;

      const problems: string[] = [];
      const check = (ok: boolean, what: string) => {
        if (!ok) problems.push(what);
      };
      check(errors.length === 0, `page errors: ${errors.join(' | ')}`);
      check(seen.found, 'page element missing');
      check(/[\u4e00-\u9fff]/.test(seen.title), `no Chinese title: ${seen.title}`);
      check(seen.headings > 0, 'no visible title or state view');
      const text = seen.text + '\n' + seen.tabText;
      // Chinese everywhere: no raw values, no error codes, no machine times, no English words.
      const raw = text.match(/undefined|NaN|\[object Object\]|\bnull\b|Invalid Date/g);
      check(!raw, `raw values: ${raw?.join(',')}`);
      const codes = text.match(/\b[A-Z]{3,}(_[A-Z]+)*\b/g)?.filter((w) => !ALLOWED_LATIN.includes(w));
      check(!codes?.length, `codes: ${codes?.join(',')}`);
      // Dates as people read them (11月28日 周六), not 2026-11-28 or machine instants.
      const times = text.match(/\b\d{4}-\d\d-\d\d|\bGMT\b|\b1\d{12}\b|\bUTC\b/g);
      check(!times, `machine times: ${times?.join(',')}`);
      // Latin words in running text; demo openids (demo-m-1, o_new_…) are data, not UI words.
      const english = text
        .replace(/\b(demo|o)[-_][\w-]+/g, '')
        .match(/\b[A-Za-z]{4,}\b/g)
        ?.filter((w) => !ALLOWED_LATIN.includes(w) && !(v.latin ?? []).includes(w));
      check(!english?.length, `english: ${english?.join(',')}`);
      // No raw keys or ids a person cannot read: database ids (24 hex), device ids (e-m-0003),
      // openids (only the H5 demo login lists them), label keys (activity.create, review.approve).
      const ids = text.match(/\b[0-9a-f]{16,}\b|\b[a-z]-[a-z]-\d{3,}\b/g);
      check(!ids, `raw ids: ${ids?.join(',')}`);
      if (v.name !== 'login') {
        const openids = text.match(/\bdemo-(?:m-\d+|sec-\d+|admin)\b|\bo_[A-Za-z0-9_]{4,}\b|\bopenid\b/g);
        check(!openids, `openids: ${openids?.join(',')}`);
      }
      const keys = text.match(/\b[a-z]+(?:\.[a-z][A-Za-z]+)+\b/g);
      check(!keys, `raw keys: ${keys?.join(',')}`);
      for (const re of v.says ?? []) check(re.test(seen.text), `does not say ${re}`);
      if (v.tabBadge)
        check(
          seen.tabBadges.some((b) => /^\d+\+?$/.test(b)),
          `no number badge on the tab bar (${seen.tabBadges.join(',')})`,
        );
      if (v.expect === 'error') check(seen.error === 1, `expected one error state, saw ${seen.error}`);
      if (v.expect === 'refused')
        check(
          seen.error + seen.empty === 1,
          `expected one refusal, saw ${seen.error} error + ${seen.empty} empty`,
        );
      if (v.expect === 'empty') check(seen.empty > 0, 'expected an empty state');
      if (v.expect === 'content')
        check(seen.error === 0, `unexpected error state: ${seen.text.slice(0, 80)}`);
      // Nothing wider than the phone.
      check(
        seen.overflow.length === 0 && seen.scrollWidth <= seen.vw,
        `overflow: ${seen.overflow.join(' ; ')}`,
      );
      if (v.button)
        check(
          seen.tappables.some((t) => t.text.trim() === v.button),
          `no button ${v.button} among ${seen.tappables.map((t) => t.text || t.cls).join(' | ')}`,
        );
      if (v.big) {
        const px = await page
          .locator(`.taro_page[id^="/${v.route}"] ${v.big}`)
          .first()
          .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        check(px >= 22, `${v.big} only ${px}px`);
      }
      check(seen.wrapped.length === 0, `button labels broken over lines: ${seen.wrapped.join(' | ')}`);
      // Touch targets.
      const small = seen.tappables.filter((t) => t.w < 44 || t.h < 44);
      check(
        small.length === 0,
        `small targets: ${small.map((t) => `${t.text || t.cls} ${t.w}×${t.h}`).join(' ; ')}`,
      );
      // Every page at 320 px too: the pages toured only at 390 are narrowed in place (no reload).
      if (size === PHONE && !(v.sizes ?? []).includes(SMALL)) {
        await page.setViewportSize(SMALL);
        await page.waitForTimeout(200);
        const narrow = await inspect(page, v.route);
        check(
          narrow.overflow.length === 0 && narrow.scrollWidth <= narrow.vw,
          `overflow at 320 px: ${narrow.overflow.join(' ; ')}`,
        );
        const tiny = narrow.tappables.filter((t) => t.w < 44 || t.h < 44);
        check(
          tiny.length === 0,
          `small targets at 320 px: ${tiny.map((t) => `${t.text || t.cls} ${t.w}×${t.h}`).join(' ; ')}`,
        );
      }
      expect({ where, problems }).toEqual({ where, problems: [] });
      visited.add(v.route);
    } finally {
      await page.close();
    }
  }

  beforeAll(async () => {
    demo = await startDemoCloud('tour', {
      functions: ['member', 'activity', 'checkin', 'attendance', 'reminder', 'project'],
      env: { APP_ADMIN_OPENIDS: 'demo-admin' },
    });
    browser = await launchChromium();
    const me = await fn<{ member: { branchId: string } }>('member', 'me', {}, 'demo-sec-1');
    const list = await fn<{ id: string; startAt: number }[]>(
      'activity',
      'listBranch',
      { branchId: me.member.branchId },
      'demo-sec-1',
    );
    const now = Date.now();
    activityId = (list.find((a) => a.startAt < now) ?? list[0]).id;
    // A branch the admin has just set up: no roster, sites, activities or requests yet.
    const created = await fn<{ id: string }>(
      'member',
      'createBranch',
      { name: '巡检新建党支部' },
      'demo-admin',
    );
    emptyBranchId = created.id;
    // A meeting of 内科学教研室 that ended two hours ago: everyone who did not come can still ask for 补签.
    await fn(
      'activity',
      'create',
      {
        branchId: me.member.branchId,
        type: 'group_meeting',
        title: '党小组会：补签窗口巡检',
        startAt: now - 3 * 3600_000,
        endAt: now - 2 * 3600_000,
        checkin: { proof: 'rotating', approval: 'auto' },
      },
      'demo-sec-1',
    );
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts.values()) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await demo?.stop();
  });

  const act = () => `id=${activityId}`;
  const actOf = () => `activityId=${activityId}`;
  const sec = (p: string) => `secretary/pages/${p}/index`;
  const both = [PHONE, SMALL];

  const VISITS: Visit[] = [
    // H5 login (no identity yet)
    {
      name: 'login',
      route: 'pages/login/index',
      as: null,
      expect: 'content',
      sizes: both,
      latin: ['openid'],
    },
    // member
    { name: 'home-member', route: 'pages/index/index', as: 'demo-m-1', expect: 'content', sizes: both },
    { name: 'me-member', route: 'pages/me/index', as: 'demo-m-1', expect: 'content', sizes: both },
    { name: 'checkin', route: 'pages/checkin/index', as: 'demo-m-1', expect: 'content', sizes: both },
    { name: 'records', route: 'pages/records/index', as: 'demo-m-1', expect: 'content', sizes: both },
    {
      // missed meetings are listed with what fits: 申请补签 and its deadline while the window is open
      name: 'records-missed',
      route: 'pages/records/index',
      as: 'demo-m-3',
      expect: 'content',
      says: [/缺席与请假/, /补签窗口巡检/, /补签截止 \d+月\d+日/],
      button: '申请补签',
    },
    {
      name: 'activity',
      route: 'pages/activity/index',
      query: act,
      as: 'demo-m-1',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'request',
      route: 'pages/request/index',
      query: actOf,
      as: 'demo-m-1',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'checkin-scan',
      route: 'pages/checkin/index',
      query: async () => {
        const d = await fn<{ code: string }>('activity', 'displayCode', { activityId }, 'demo-sec-1');
        return `code=${encodeURIComponent(d.code)}`;
      },
      as: 'demo-m-2',
      expect: 'content',
      big: '.checkin__title',
    },
    {
      name: 'checkin-bad-code',
      route: 'pages/checkin/index',
      query: () => 'code=r1.nothing.0.AAAAAAAAAAAA',
      as: 'demo-m-1',
      expect: 'content',
      sizes: both,
      big: '.checkin__title',
    },
    {
      name: 'activity-missing',
      route: 'pages/activity/index',
      query: () => `id=${MISSING}`,
      as: 'demo-m-1',
      expect: 'error',
    },
    {
      name: 'request-missing',
      route: 'pages/request/index',
      query: () => `activityId=${MISSING}`,
      as: 'demo-m-1',
      expect: 'error',
    },
    // a new WeChat user
    { name: 'home-new', route: 'pages/index/index', as: NEW_USER, expect: 'content' },
    { name: 'me-new', route: 'pages/me/index', as: NEW_USER, expect: 'content' },
    { name: 'bind', route: 'pages/bind/index', as: NEW_USER, expect: 'content', sizes: both },
    { name: 'records-new', route: 'pages/records/index', as: NEW_USER, expect: 'error', button: '去绑定' },
    // secretary of 内科学教研室
    {
      name: 'home-secretary',
      route: 'pages/index/index',
      as: 'demo-sec-1',
      expect: 'content',
      // the counts where the secretary starts (书记工作台) and on the tab
      says: [/书记工作台/, /审核绑定[\s\S]{0,40}\d+ 待办/, /审核出勤[\s\S]{0,40}(\d+ 待办|无待办)/],
      tabBadge: true,
    },
    {
      name: 'me-secretary',
      route: 'pages/me/index',
      as: 'demo-sec-1',
      expect: 'content',
      says: [/待审核绑定[\s\S]{0,30}\d+/],
      tabBadge: true,
    },
    ...[
      'branch',
      'bindings',
      'members',
      'import',
      'activities',
      'activity-edit',
      'sites',
      'queue',
      'dashboard',
      'delegation',
      'audit',
      'reminders',
    ].map((p): Visit => ({
      name: `sec-${p}`,
      route: sec(p),
      as: 'demo-sec-1',
      expect: 'content',
      sizes: both,
    })),
    {
      name: 'sec-activity-edit-id',
      route: sec('activity-edit'),
      query: act,
      as: 'demo-sec-1',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'sec-display',
      route: sec('display'),
      query: act,
      as: 'demo-sec-1',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'sec-roster',
      route: sec('roster'),
      query: actOf,
      as: 'demo-sec-1',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'sec-minutes',
      route: sec('minutes'),
      query: actOf,
      as: 'demo-sec-1',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'sec-reminders-activity',
      route: sec('reminders'),
      query: actOf,
      as: 'demo-sec-1',
      expect: 'content',
      sizes: both,
    },
    { name: 'sec-audit-activity', route: sec('audit'), query: actOf, as: 'demo-sec-1', expect: 'content' },
    // refused (a member opening secretary pages) and missing activities: error states
    ...[
      'branch',
      'bindings',
      'members',
      'activities',
      'sites',
      'queue',
      'dashboard',
      'delegation',
      'audit',
      'reminders',
    ].map((p): Visit => ({ name: `sec-${p}-forbidden`, route: sec(p), as: 'demo-m-1', expect: 'refused' })),
    {
      name: 'sec-display-missing',
      route: sec('display'),
      query: () => `id=${MISSING}`,
      as: 'demo-sec-1',
      expect: 'error',
    },
    {
      name: 'sec-roster-missing',
      route: sec('roster'),
      query: () => `activityId=${MISSING}`,
      as: 'demo-sec-1',
      expect: 'error',
    },
    {
      name: 'sec-minutes-missing',
      route: sec('minutes'),
      query: () => `activityId=${MISSING}`,
      as: 'demo-sec-1',
      expect: 'error',
    },
    {
      name: 'sec-edit-missing',
      route: sec('activity-edit'),
      query: () => `id=${MISSING}`,
      as: 'demo-sec-1',
      expect: 'error',
    },
    // action projects (docs/projects.md): demo-m-1 leads the 内科学 project and holds a post in 义诊
    ...(['list', 'mine', 'queue'] as const).map((p): Visit => ({
      name: `project-${p}`,
      route: `project/pages/${p}/index`,
      as: 'demo-m-1',
      expect: 'content',
      sizes: both,
    })),
    {
      name: 'project-board',
      route: 'project/pages/board/index',
      query: () => 'id=prj-neike-sizheng',
      as: 'demo-m-1',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'project-task',
      route: 'project/pages/task/index',
      query: () => 'projectId=prj-neike-sizheng&taskId=tsk-nk-open',
      as: 'demo-m-2',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'project-claim',
      route: 'project/pages/claim/index',
      query: async () => {
        const me = await fn<{ member: { id: string } }>('member', 'me', {}, 'demo-m-1');
        return `id=${encodeURIComponent(`tsk-yz-clinic:${me.member.id}`)}`;
      },
      as: 'demo-m-1',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'project-edit',
      route: 'project/pages/edit/index',
      as: 'demo-sec-1',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'project-edit-task',
      route: 'project/pages/edit/index',
      query: () => 'projectId=prj-neike-sizheng',
      as: 'demo-m-1',
      expect: 'content',
    },
    {
      name: 'project-overview',
      route: 'project/pages/overview/index',
      as: 'demo-admin',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'project-overview-forbidden',
      route: 'project/pages/overview/index',
      as: 'demo-m-1',
      expect: 'refused',
    },
    { name: 'project-edit-forbidden', route: 'project/pages/edit/index', as: 'demo-m-1', expect: 'refused' },
    {
      name: 'project-board-missing',
      route: 'project/pages/board/index',
      query: () => 'id=prj-missing',
      as: 'demo-m-1',
      expect: 'error',
    },
    // 先锋领航 (docs/volunteer.md): demo-m-1 leads 临床医学分队, demo-m-2 has confirmed hours
    ...(['index', 'events', 'hours', 'report', 'certificate'] as const).map((p): Visit => ({
      name: `volunteer-${p}`,
      route: `volunteer/pages/${p}/index`,
      as: 'demo-m-2',
      expect: 'content',
      sizes: both,
    })),
    ...(['queue', 'event-edit', 'stats'] as const).map((p): Visit => ({
      name: `volunteer-leader-${p}`,
      route: `volunteer/pages/${p}/index`,
      query: () => 'teamId=team-xflh-clinic',
      as: 'demo-m-1',
      expect: 'content',
      sizes: both,
    })),
    // admin
    { name: 'home-admin', route: 'pages/index/index', as: 'demo-admin', expect: 'content' },
    { name: 'me-admin', route: 'pages/me/index', as: 'demo-admin', expect: 'content' },
    {
      name: 'admin-branches',
      route: 'admin/pages/branches/index',
      as: 'demo-admin',
      expect: 'content',
      sizes: both,
    },
    {
      name: 'admin-roles',
      route: 'admin/pages/roles/index',
      as: 'demo-admin',
      expect: 'content',
      sizes: both,
    },
    { name: 'admin-dashboard', route: sec('dashboard'), as: 'demo-admin', expect: 'content', sizes: both },
    {
      name: 'admin-branches-forbidden',
      route: 'admin/pages/branches/index',
      as: 'demo-sec-1',
      expect: 'refused',
    },
    { name: 'admin-roles-forbidden', route: 'admin/pages/roles/index', as: 'demo-m-1', expect: 'refused' },
    // a branch without data (empty states), opened by the admin from 支部管理
    ...['members', 'bindings', 'queue'].map((p): Visit => ({
      name: `empty-${p}`,
      route: sec(p),
      query: () => `branchId=${emptyBranchId}`,
      as: 'demo-admin',
      expect: 'empty',
    })),
    // its audit trail: only the admin's 新建支部, in words
    {
      name: 'empty-audit',
      route: sec('audit'),
      query: () => `branchId=${emptyBranchId}`,
      as: 'demo-admin',
      expect: 'content',
    },
  ];

  for (const v of VISITS) {
    for (const size of v.sizes ?? [PHONE]) {
      it(`${v.name} @${size.width}×${size.height}`, () => tour(v, size), 40_000);
    }
  }

  /** Taro's H5 router settles a push on a 300 ms timer: going back before that leaves the old page hidden. */
  async function settled(page: Page, route: string): Promise<void> {
    await page.locator(`.taro_page.taro_page_stationed[id^="/${route}"]`).waitFor({ state: 'attached' });
    await page.locator(`.taro_page[id^="/${route}"]`).waitFor({ state: 'visible' });
  }

  it('navigation: a member opens an activity and its requests, and back returns each time', async () => {
    const page = await (await contextFor('demo-m-1', PHONE)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await page.goto(`${demo.cloud.url}/#/pages/index/index`);
      await page.locator('.ui-list-item--tappable').filter({ hasText: '·' }).first().click();
      await settled(page, 'pages/activity/index');
      await page.getByText('请假 / 补签 / 我的出勤').click();
      await settled(page, 'pages/request/index');
      await page.goBack();
      await settled(page, 'pages/activity/index');
      await page.goBack();
      await settled(page, 'pages/index/index');
      await page.locator('.weui-tabbar__label', { hasText: '我的' }).click();
      await settled(page, 'pages/me/index');
      await page.locator('.weui-tabbar__label', { hasText: '首页' }).click();
      await settled(page, 'pages/index/index');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('navigation: a secretary reaches every secretary page from 我的 and 首页, and back returns', async () => {
    const page = await (await contextFor('demo-sec-1', PHONE)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      const links: [string, string, string][] = [
        ['pages/me/index', '支部管理', sec('branch')],
        ['pages/me/index', '出勤统计', sec('dashboard')],
        ['pages/index/index', '活动与签到', sec('activities')],
        ['pages/index/index', '一线阵地', sec('sites')],
        ['pages/index/index', '会议提醒', sec('reminders')],
      ];
      for (const [from, label, to] of links) {
        await page.goto(`${demo.cloud.url}/#/${from}`);
        await settled(page, from);
        await page
          .locator(`.taro_page[id^="/${from}"] .ui-list-item--tappable`, { hasText: label })
          .first()
          .click();
        await settled(page, to);
        await page.goBack();
        await settled(page, from);
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('visited every page registered in app.config.ts', () => {
    expect([...visited].sort()).toEqual(registeredRoutes().sort());
  });
});

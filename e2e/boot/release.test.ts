import fs from 'node:fs';
import path from 'node:path';
import { createWeappSandbox, type Sandbox } from './weapp-sandbox';

/**
 * Release rules of a real WeChat client that the H5 build never meets (README "Release"), checked on
 * the built mini-program (dist/weapp) with the boot sandbox, which refuses like WeChat does:
 * - a private API undeclared in app.json (`requiredPrivateInfos`, `permission`) fails;
 * - a private API before the privacy consent waits for `onNeedPrivacyAuthorization` and WeChat's
 *   own agree button; declined, it fails with errno 104;
 * - `navigateTo` fails past 10 pages; `isHighAccuracy` without `highAccuracyExpireTime` is flagged;
 * - pull-to-refresh fires only on pages whose config enables it;
 * - the base library floor is announced at launch.
 * Run after `npm run build:weapp`.
 */
const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'dist/weapp');
const built = fs.existsSync(path.join(dist, 'app.js'));
if (!built) console.warn('\n\n!!! RELEASE WEAPP CHECK SKIPPED: run `npm run build:weapp` first. !!!\n\n');
const describeBuilt = built ? describe : describe.skip;

const appJson = () => JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sourceFiles(path.join(dir, e.name))
        : /\.tsx?$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    )
    .filter((f) => !/\.test\.tsx?$/.test(f));
}

const SITE_CODE = 's.AbCd1234';
const okCheckIn = {
  ok: true,
  data: {
    status: 'approved',
    flags: [],
    duplicate: false,
    activityTitle: '病理学实验室安全检查',
    checkedInAt: Date.UTC(2026, 10, 27, 6, 5),
  },
};

async function launched(sb: Sandbox) {
  sb.app.onLaunch?.({ path: 'pages/index/index', query: {}, scene: 1001 });
  await sb.waitFor(() => (sb.wx.cloud as { inited: boolean }).inited, 'wx.cloud.init');
}

describeBuilt('release rules in the weapp build', () => {
  it('declares every private API the source calls (requiredPrivateInfos + permission text)', () => {
    const app = appJson();
    const needDeclaring = ['getLocation', 'getFuzzyLocation', 'chooseLocation', 'startLocationUpdate'];
    const used = new Set<string>();
    for (const f of sourceFiles(path.join(root, 'miniprogram'))) {
      const src = fs.readFileSync(f, 'utf8');
      for (const api of needDeclaring) if (new RegExp(`Taro\\.${api}\\(`).test(src)) used.add(api);
    }
    expect([...used]).toContain('getLocation');
    for (const api of used) expect(app.requiredPrivateInfos).toContain(api);
    expect(app.permission['scope.userLocation'].desc).toMatch(/签到/);
    expect(app.__usePrivacyCheck__).toBe(true);
  });

  it('keeps every page out of WeChat search (sitemap.json)', () => {
    const app = appJson();
    expect(app.sitemapLocation).toBe('sitemap.json');
    const sitemap = JSON.parse(fs.readFileSync(path.join(dist, 'sitemap.json'), 'utf8'));
    expect(sitemap.rules).toEqual([{ action: 'disallow', page: '*' }]);
  });

  it('enables pull-down refresh on every page that handles it', () => {
    const missing: string[] = [];
    for (const f of sourceFiles(path.join(root, 'miniprogram'))) {
      if (!f.endsWith('index.tsx') || !/usePullDownRefresh\(/.test(fs.readFileSync(f, 'utf8'))) continue;
      const rel = path.relative(path.join(root, 'miniprogram'), f).replace(/\.tsx$/, '.json');
      const json = JSON.parse(fs.readFileSync(path.join(dist, rel), 'utf8'));
      if (json.enablePullDownRefresh !== true) missing.push(rel);
    }
    expect(missing).toEqual([]);
  });

  it('the sandbox refuses an undeclared private API, as WeChat does', async () => {
    // The rule the app.json above satisfies: a copy of the bundle without the declaration fails.
    const tmp = fs.mkdtempSync(path.join(root, '.tmp', 'weapp-undeclared-'));
    try {
      fs.cpSync(dist, tmp, { recursive: true });
      const app = appJson();
      delete app.requiredPrivateInfos;
      fs.writeFileSync(path.join(tmp, 'app.json'), JSON.stringify(app));
      const sb = createWeappSandbox(tmp, {}, { privacyAgreed: true });
      const r = await (sb.wx.getLocation as (o: object) => Promise<unknown>)({ type: 'wgs84' }).catch(
        (e: unknown) => e,
      );
      expect(r).toMatchObject({ errMsg: expect.stringContaining('requiredPrivateInfos') });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  // A new user's site-code check-in (privacy sheet, agree, then location and Wi-Fi, no device id) runs
  // against the real local cloud: weapp-cloud.test.ts.

  it('declining the privacy guide reads nothing; the scan still goes out without a location', async () => {
    const sb = createWeappSandbox(dist);
    await launched(sb);
    const page = sb.openPage('pages/checkin/index', { scene: SITE_CODE });
    await sb.waitFor(() => sb.texts(page).includes('隐私保护提示'), 'privacy sheet');
    sb.tap(page, '不同意');
    const call = await sb.waitFor(() => sb.cloudCalls.find((c) => c.name === 'checkin'), 'checkin.checkIn');
    const payload = (call.data as { payload: Record<string, unknown> }).payload;
    expect(payload).not.toHaveProperty('location');
    expect(payload).not.toHaveProperty('wifiBssid');
    expect(sb.privateCalls).toEqual([]);
    call.resolve({
      ok: false,
      error: {
        code: 'LOCATION_REQUIRED',
        message: 'location required',
        details: { reason: 'location_missing' },
      },
    });
    await sb.waitFor(() => sb.texts(page).some((t) => t.includes('位置')), 'LOCATION_REQUIRED explained');
  });

  it('a plain-link QR scanned with WeChat’s own scanner opens the check-in page and checks in', async () => {
    const sb = createWeappSandbox(dist, {}, { privacyAgreed: true });
    await launched(sb);
    const link = 'https://dangjian.example.edu.cn/fb/checkin?code=r1.act_1.1jx2k0.Hq3f0b-Zp9_a';
    // WeChat passes the scanned link as `q` (URL-encoded) and the scan time
    const page = sb.openPage('pages/checkin/index', {
      q: encodeURIComponent(link),
      scancode_time: '1796288000',
    });
    const call = await sb.waitFor(() => sb.cloudCalls.find((c) => c.name === 'checkin'), 'checkin.checkIn');
    expect((call.data as { payload: { code: string } }).payload.code).toBe(link);
    call.resolve(okCheckIn);
    await sb.waitFor(() => sb.texts(page).includes('签到成功'), '签到成功');
  });

  it('check-in ↔ records twelve times never grows the page stack (WeChat stops at 10)', async () => {
    const sb = createWeappSandbox(dist, {}, { navigation: true, privacyAgreed: true });
    await launched(sb);
    // answer every call: records empty, anything else ok
    const done = new Set<unknown>();
    const timer = setInterval(() => {
      for (const c of sb.cloudCalls) {
        if (done.has(c)) continue;
        done.add(c);
        const action = (c.data as { action: string }).action;
        c.resolve(action === 'myRecords' ? { ok: true, data: [] } : { ok: true, data: {} });
      }
    }, 5);
    try {
      sb.openPage('pages/checkin/index');
      let deepest = 0;
      for (let i = 0; i < 12; i++) {
        const checkin = sb.stack()[sb.stack().length - 1];
        await sb.waitFor(() => sb.texts(checkin).includes('我的签到记录'), 'check-in page');
        sb.tap(checkin, '我的签到记录');
        const records = await sb.waitFor(
          () => sb.stack().find((p) => p.route === 'pages/records/index'),
          `records page (round ${i + 1})`,
        );
        await sb.waitFor(() => sb.texts(records).includes('去签到'), 'records empty state');
        deepest = Math.max(deepest, sb.stack().length);
        sb.tap(records, '去签到');
        await sb.waitFor(
          () => sb.stack()[sb.stack().length - 1]?.route === 'pages/checkin/index',
          `back on the check-in page (round ${i + 1})`,
        );
      }
      expect(deepest).toBeLessThanOrEqual(2);
      expect(sb.stack().map((p) => p.route)).toEqual(['pages/checkin/index']);
    } finally {
      clearInterval(timer);
    }
  });

  it('says at launch when WeChat’s base library is older than the app needs', async () => {
    const old = createWeappSandbox(dist, {}, { sdkVersion: '2.30.0' });
    await launched(old);
    await old.waitFor(() => old.modals.length > 0, 'upgrade notice');
    expect(old.modals[0]).toMatchObject({ title: '请更新微信', content: expect.stringContaining('2.30.0') });
    const current = createWeappSandbox(dist, {}, { sdkVersion: '3.6.0' });
    await launched(current);
    await new Promise((r) => setTimeout(r, 50));
    expect(current.modals).toEqual([]);
  });

  it('a secretary at a site records its Wi-Fi from the sites page', async () => {
    const sb = createWeappSandbox(dist, {}, { privacyAgreed: true });
    await launched(sb);
    const site = {
      id: 'site1',
      branchId: 'b1',
      name: '病理学实验室 A301',
      kind: 'lab',
      location: { lat: 30.2932, lng: 120.0865 },
      radiusM: 80,
      wifiBssids: [],
      code: 'AbCd1234',
    };
    const updates: unknown[] = [];
    const done = new Set<unknown>();
    const timer = setInterval(() => {
      for (const c of sb.cloudCalls) {
        if (done.has(c)) continue;
        done.add(c);
        const { action, payload } = c.data as { action: string; payload: unknown };
        if (action === 'me')
          c.resolve({
            ok: true,
            data: {
              openid: 'o_sec',
              member: {
                id: 'm1',
                name: '林巧稚',
                branchId: 'b1',
                roles: ['member', 'secretary'],
                status: 'active',
              },
              roles: ['member', 'secretary'],
            },
          });
        else if (action === 'listBranches')
          c.resolve({ ok: true, data: { items: [{ id: 'b1', name: '病理学党支部' }], nextCursor: null } });
        else if (action === 'listSites') c.resolve({ ok: true, data: [site] });
        else if (action === 'siteCode')
          c.resolve({
            ok: true,
            data: { code: site.code, scene: `s.${site.code}`, pngBase64: 'iVBORw0KGgo=' },
          });
        else if (action === 'updateSite') {
          updates.push(payload);
          c.resolve({ ok: true, data: { id: site.id } });
        } else c.resolve({ ok: true, data: {} });
      }
    }, 5);
    try {
      const page = sb.openPage('secretary/pages/sites/index');
      await sb.waitFor(() => sb.texts(page).includes('病理学实验室 A301'), 'site listed');
      sb.tap(page, '病理学实验室 A301');
      await sb.waitFor(() => sb.texts(page).includes('记录当前 Wi-Fi'), 'Wi-Fi action');
      sb.tap(page, '记录当前 Wi-Fi');
      await sb.waitFor(() => updates.length === 1, 'activity.updateSite');
      expect(updates).toEqual([{ siteId: 'site1', wifiBssids: ['a4:5e:60:c2:11:0f'] }]);
      await sb.waitFor(
        () => sb.texts(page).some((t) => t.includes('已记录 1 个 Wi-Fi')),
        'recorded Wi-Fi count',
      );
      expect(sb.errors).toEqual([]);
    } finally {
      clearInterval(timer);
    }
  });
});

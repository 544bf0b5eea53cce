import fs from 'node:fs';
import path from 'node:path';
import { createWeappSandbox, type Sandbox } from './weapp-sandbox';

/**
 * Weapp boot check: the built mini-program (not the source) loads in Node with stand-ins for the
 * WeChat globals, renders the home page, calls `member.me` through `wx.cloud.callFunction`, and
 * renders the answer. Run after `npm run build:weapp`.
 */
const dist = path.resolve(__dirname, '../../dist/weapp');
const built = fs.existsSync(path.join(dist, 'app.js'));
if (!built) {
  console.warn(
    '\n\n!!! WEAPP BOOT CHECK SKIPPED: dist/weapp/app.js is missing. Run `npm run build:weapp` first. !!!\n\n',
  );
}
const describeBuilt = built ? describe : describe.skip;

const me = {
  openid: 'o_boot_check',
  member: {
    id: 'm_boot',
    name: '林巧稚',
    branchId: 'b_obgyn',
    roles: ['member', 'secretary'],
    status: 'active',
  },
  roles: ['member', 'secretary'],
};
const branches = [
  { id: 'b_cardio', name: '心内科教研室党支部', college: '临床医学院' },
  { id: 'b_obgyn', name: '妇产科教研室党支部', college: '临床医学院' },
];

describeBuilt('weapp boot check (dist/weapp)', () => {
  let sb: Sandbox;

  beforeAll(() => {
    sb = createWeappSandbox(dist);
    sb.app.onLaunch?.({ path: 'pages/index/index', query: {}, scene: 1001 });
    sb.app.onShow?.({ path: 'pages/index/index', query: {}, scene: 1001 });
  });

  it('declares the main package, the subpackages and lazy code loading', () => {
    const appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'));
    expect(appJson.pages).toEqual(
      expect.arrayContaining(['pages/index/index', 'pages/me/index', 'pages/bind/index']),
    );
    expect(appJson.pages).not.toContain('pages/login/index'); // H5-only route
    expect(appJson.subPackages.map((s: { root: string }) => s.root).sort()).toEqual([
      'admin',
      'project',
      'secretary',
      'volunteer',
    ]);
    expect(appJson.lazyCodeLoading).toBe('requiredComponents');
    expect(fs.existsSync(path.join(dist, 'pages/login'))).toBe(false);
  });

  it('keeps zod out of the main package (the contract is imported as types only)', () => {
    const appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'));
    const subRoots: string[] = appJson.subPackages.map(
      (s: { root: string }) => s.root.replace(/\/$/, '') + '/',
    );
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const withZod = walk(dist)
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /ZodError|\$ZodType/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(dist, f));
    const inSub = withZod.filter((f) => subRoots.some((r) => f.startsWith(r)));
    if (inSub.length) console.warn(`[weapp boot] zod is bundled in subpackage file(s): ${inSub.join(', ')}`);
    expect(withZod.filter((f) => !inSub.includes(f))).toEqual([]);
  });

  it('initialises the cloud on launch, before any page asks', async () => {
    // App's useLaunch runs once React has mounted the App component (a tick after onLaunch).
    await sb.waitFor(() => (sb.wx.cloud as { inited: boolean }).inited, 'wx.cloud.init from app.tsx');
    expect(sb.cloudCalls).toEqual([]);
  });

  it('renders the home page, asks member.me over wx.cloud.callFunction and shows the answer', async () => {
    const page = sb.openPage('pages/index/index');

    const meCall = await sb.waitFor(() => sb.cloudCalls.find((c) => c.name === 'member'), 'member.me call');
    expect({ name: meCall.name, data: meCall.data }).toEqual({ name: 'member', data: { action: 'me' } });

    // Before the answer the page shows its loading state, not the member.
    await sb.waitFor(() => sb.texts(page).includes('加载中…'), 'loading state rendered');
    expect(sb.texts(page).join('|')).not.toContain(me.member.name);

    meCall.resolve({ ok: true, data: me });

    // member.me answers the branch id; the branch list names it.
    const branchCall = await sb.waitFor(
      () =>
        sb.cloudCalls.find(
          (c) => c.name === 'member' && (c.data as { action: string }).action === 'listBranches',
        ),
      'member.listBranches call',
    );
    // by id: a member's screen never reads the university's branch list
    const { ids } = (branchCall.data as { payload: { ids: string[] } }).payload;
    expect(ids).toEqual([me.member.branchId]);
    branchCall.resolve({
      ok: true,
      data: { items: branches.filter((b) => ids.includes(b.id)), nextCursor: null },
    });

    // Bound and active: the page greets the member and asks for the branch's activities.
    const listCall = await sb.waitFor(
      () => sb.cloudCalls.find((c) => c.name === 'activity'),
      'activity.listMine call after member.me',
    );
    expect(listCall.data).toMatchObject({
      action: 'listMine',
      payload: { from: expect.any(Number), to: expect.any(Number) },
    });
    await sb.waitFor(
      () => sb.texts(page).some((t) => t.includes(me.member.name)),
      `member name "${me.member.name}" rendered`,
    );
    const text = sb.texts(page).join('|');
    await sb.waitFor(() => sb.texts(page).includes('妇产科教研室党支部'), 'branch name rendered');
    expect(text).toContain('支部书记');

    // 14:30 in Shanghai, two days from now (home lists the coming weeks and the last day only)
    const sh = new Date(Date.now() + 8 * 3600_000 + 2 * 86_400_000);
    const start = Date.UTC(sh.getUTCFullYear(), sh.getUTCMonth(), sh.getUTCDate(), 6, 30);
    const week = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][sh.getUTCDay()];
    const when = `${sh.getUTCMonth() + 1}月${sh.getUTCDate()}日 ${week} 14:30–16:30`;
    listCall.resolve({
      ok: true,
      data: [
        {
          id: 'a1',
          branchId: 'b_obgyn',
          type: 'theme_day',
          title: '走进社区义诊主题党日',
          siteId: null,
          startAt: start,
          endAt: start + 2 * 3600_000,
          status: 'scheduled',
          checkin: {
            opensAt: start - 1800_000,
            closesAt: start + 1800_000,
            proof: 'either',
            requireLocation: false,
            approval: 'auto',
            codePeriodSec: 15,
            checkOut: false,
          },
          createdAt: start - 86_400_000,
          myStatus: 'upcoming',
        },
      ],
    });
    await sb.waitFor(
      () => sb.texts(page).some((t) => t.includes('走进社区义诊主题党日')),
      'activity rendered',
    );
    expect(sb.texts(page).join('|')).toContain(when);
    expect(sb.errors).toEqual([]);
  });

  it('keeps the loaded profile on the me page and links secretaries to the secretary subpackage', async () => {
    const before = sb.cloudCalls.length;
    const page = sb.openPage('pages/me/index');
    // (the home page's 书记工作台 counts may still be asking: find the me page's own call)
    const call = await sb.waitFor(
      () => sb.cloudCalls.slice(before).find((c) => (c.data as { action: string }).action === 'me'),
      'member.me from the me page',
    );
    expect(call.data).toEqual({ action: 'me' });
    call.reject({ errMsg: 'cloud.callFunction:fail request:fail timeout' });
    // The session was already loaded by the home page: a failed refresh keeps the profile on screen.
    await sb.waitFor(
      () => sb.texts(page).some((t) => t.includes(me.member.name)),
      'profile from the loaded session',
    );
    expect(sb.texts(page).join('|')).toContain('支部管理');
    expect(sb.texts(page).join('|')).not.toContain('全校支部'); // not an admin
  });
});

describeBuilt('weapp boot check: network failure on first launch', () => {
  it('shows the Chinese network error with a retry, and the retry loads the member', async () => {
    const sb = createWeappSandbox(dist);
    sb.app.onLaunch?.({ path: 'pages/index/index', query: {}, scene: 1001 });
    const page = sb.openPage('pages/index/index');
    const first = await sb.waitFor(() => sb.cloudCalls[0], 'member.me');
    first.reject({ errMsg: 'cloud.callFunction:fail request:fail' });
    await sb.waitFor(() => sb.texts(page).includes('网络连接失败，请检查网络后重试'), 'network error text');

    sb.tap(page, '重试');
    const second = await sb.waitFor(() => sb.cloudCalls[1], 'member.me retried after tapping 重试');
    expect(second.data).toEqual({ action: 'me' });
    second.resolve({ ok: true, data: { openid: 'o_new', member: null } });
    await sb.waitFor(() => sb.texts(page).includes('去绑定'), 'unbound prompt');
    expect(sb.texts(page).join('|')).toContain('绑定党员身份');
  });

  it('shows the server error code in Chinese (INTERNAL)', async () => {
    const sb = createWeappSandbox(dist);
    sb.app.onLaunch?.({});
    const page = sb.openPage('pages/index/index');
    const call = await sb.waitFor(() => sb.cloudCalls[0], 'member.me');
    call.resolve({ ok: false, error: { code: 'INTERNAL', message: 'boom', details: { requestId: 'r1' } } });
    await sb.waitFor(() => sb.texts(page).includes('服务暂时出现问题，请稍后再试'), 'INTERNAL in Chinese');
  });
});

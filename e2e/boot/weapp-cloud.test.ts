import fs from 'node:fs';
import path from 'node:path';
import { useLocalCloud } from '../../testing/cloud';
import { addBranches, memberDoc } from '../../testing/fixtures';
import { createWeappSandbox, subscribeWx, type Sandbox, type SandboxOptions } from './weapp-sandbox';

/**
 * The built MINI-PROGRAM (dist/weapp) against the REAL local cloud: the boot sandbox's
 * `wx.cloud.callFunction` is bridged to `/fn/<name>` of a local cloud started for this file (the
 * function bundles of dist/functions, real SDK, strict indexes), as the member whose phone it is.
 * Nothing is scripted: a page that calls a wrong function, action or field fails here, and every flow
 * is checked on what the page shows AND what the database holds afterwards.
 * - a member checks in by scanning a site code (privacy consent first, then location): 签到成功;
 * - a member outside the fence is held for review; the secretary's queue shows the flag and the
 *   distance, 核实后通过 approves it in the database;
 * - 提醒我 prompts with the server's template ids inside the tap and stores the credit.
 * Run after `npm run build:weapp` (and the function bundles, built by jest's global setup).
 */
const dist = path.resolve(__dirname, '../../dist/weapp');
const built = fs.existsSync(path.join(dist, 'app.js'));
if (!built)
  console.warn('\n\n!!! WEAPP-ON-LOCAL-CLOUD CHECK SKIPPED: run `npm run build:weapp` first. !!!\n\n');
const describeBuilt = built ? describe : describe.skip;

const TEMPLATES = {
  APP_TEMPLATE_MEETING_REMINDER: 'tpl-meeting-reminder-e2e',
  APP_TEMPLATE_MEETING_CANCELLED: 'tpl-meeting-cancelled-e2e',
};
const cloud = useLocalCloud({ env: TEMPLATES });

const t0 = Date.now();
const MIN = 60_000;
/** Where the sandbox's phone is (its getLocation answer) and the lab registered as a site there. */
const PHONE = { lat: 30.2932, lng: 120.0865 };
/** ~400 m north of the site: outside its 80 m fence. */
const FAR = { latitude: 30.2968, longitude: 120.0865, accuracy: 15, speed: 0, altitude: 0 };

let siteCode = '';
let activityId = '';

type Doc = Record<string, unknown>;
async function doc(coll: string, id: string): Promise<Doc | undefined> {
  const res = await cloud.db().collection(coll).doc(id).get();
  return (res.data as Doc[])[0];
}

async function ok<T>(fn: string, action: string, payload: unknown, openid: string): Promise<T> {
  const r = await cloud.call<T>(fn, { action, payload }, openid);
  if (!r.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(r.error)}`);
  return r.data;
}

const phones: Sandbox[] = [];
afterEach(() => {
  // close the mini-program on every phone: open pages keep timers running
  for (const sb of phones.splice(0)) sb.close();
});

/** A phone of `openid` running dist/weapp, launched, its cloud calls going to the local cloud. */
async function phone(
  openid: string,
  extraWx: Record<string, unknown> = {},
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const sb = createWeappSandbox(dist, extraWx, { ...options, cloud: { url: cloud.url, openid } });
  phones.push(sb);
  sb.app.onLaunch?.({ path: 'pages/index/index', query: {}, scene: 1001 });
  await sb.waitFor(() => (sb.wx.cloud as { inited: boolean }).inited, 'wx.cloud.init');
  return sb;
}

/** Every call the pages made reached a deployed function and was answered 200. */
function expectAllAnswered(sb: Sandbox) {
  const bad = sb.cloudCalls
    .filter((c) => c.answered && c.answered.status !== 200)
    .map((c) => `${c.name}.${(c.data as { action?: string }).action}: HTTP ${c.answered?.status}`);
  expect(bad).toEqual([]);
}

/** The envelope errors the cloud answered (a wrong action or field shows up here). */
function envelopeErrors(sb: Sandbox): string[] {
  return sb.cloudCalls
    .map((c) => ({ c, r: c.answered?.result as { ok?: boolean; error?: { code: string } } | undefined }))
    .filter(({ r }) => r && r.ok === false)
    .map(({ c, r }) => `${c.name}.${(c.data as { action?: string }).action}: ${r?.error?.code}`);
}

beforeAll(async () => {
  const db = cloud.db();
  await addBranches(cloud, t0, ['b1']);
  for (const [id, roles] of [
    ['sec', ['member', 'secretary']],
    ['alice', ['member']],
    ['bob', ['member']],
    ['carol', ['member']],
  ] as const)
    await db.collection('members').add(memberDoc(t0, id, 'b1', [...roles], { name: `成员${id}` }));
  const site = await ok<{ id: string; code: string }>(
    'activity',
    'createSite',
    { branchId: 'b1', name: '病理学实验室 A301', kind: 'lab', location: PHONE, radiusM: 80 },
    'o_sec',
  );
  siteCode = site.code;
  activityId = (
    await ok<{ id: string }>(
      'activity',
      'create',
      {
        branchId: 'b1',
        type: 'theme_day',
        title: '主题党日：实验室安全检查',
        siteId: site.id,
        startAt: t0 + 10 * MIN,
        endAt: t0 + 100 * MIN,
        checkin: { proof: 'either', approval: 'auto', requireLocation: true, codePeriodSec: 15 },
      },
      'o_sec',
    )
  ).id;
}, 60_000);

describeBuilt('dist/weapp on the local cloud', () => {
  it('the bridge is no more lenient than WeChat: a function not deployed rejects, a wrong action is refused', async () => {
    const sb = await phone('o_alice');
    const callFunction = (sb.wx.cloud as { callFunction(o: object): Promise<unknown> }).callFunction;
    await expect(callFunction({ name: 'checkins', data: { action: 'checkIn' } })).rejects.toMatchObject({
      errCode: -501000,
      errMsg: expect.stringContaining('cloud.callFunction:fail -501000'),
    });
    await expect(callFunction({ name: 'member', data: { action: 'whoami' } })).resolves.toMatchObject({
      errMsg: 'cloud.callFunction:ok',
      result: { ok: false, error: { code: expect.any(String) } },
    });
    // the identity is the phone's: member.me answers alice
    await expect(callFunction({ name: 'member', data: { action: 'me' } })).resolves.toMatchObject({
      result: { ok: true, data: { member: { id: 'alice' } } },
    });
  });

  it('the home page greets the secretary with the branch and the coming activity', async () => {
    const sb = await phone('o_sec');
    const page = sb.openPage('pages/index/index');
    await sb.waitFor(() => sb.texts(page).some((t) => t.includes('成员sec')), 'member name', 15_000);
    await sb.waitFor(() => sb.texts(page).includes('支部b1'), 'branch name', 15_000);
    await sb.waitFor(
      () => sb.texts(page).some((t) => t.includes('主题党日：实验室安全检查')),
      'the activity',
      15_000,
    );
    expect(sb.texts(page).join('|')).toContain('支部书记');
    expect(envelopeErrors(sb)).toEqual([]);
    expectAllAnswered(sb);
    expect(sb.errors).toEqual([]);
  });

  it('a member scans the site code: privacy consent, location, 签到成功, and the check-in is stored', async () => {
    const sb = await phone('o_alice');
    const page = sb.openPage('pages/checkin/index', { scene: `s.${siteCode}` });
    await sb.waitFor(() => sb.texts(page).includes('隐私保护提示'), 'privacy sheet');
    expect(sb.privateCalls).toEqual([]);
    sb.agreePrivacy(page);
    await sb.waitFor(() => sb.texts(page).includes('签到成功'), '签到成功', 15_000);
    expect(sb.texts(page)).toContain('主题党日：实验室安全检查');
    // what the page sent: the code, the phone's location (high accuracy) and Wi-Fi, no device id
    // (storage is per WeChat account: an id from it cannot show a shared phone, docs/checkin.md)
    const call = sb.cloudCalls.find((c) => c.name === 'checkin');
    const payload = (call?.data as { payload: Record<string, unknown> }).payload;
    expect(payload).toMatchObject({
      code: `s.${siteCode}`,
      location: { lat: PHONE.lat, lng: PHONE.lng, accuracy: 15 },
      wifiBssid: 'a4:5e:60:c2:11:0f',
    });
    expect(payload).not.toHaveProperty('deviceId');
    expect(sb.privateCalls.map((c) => c.api)).toEqual(['getLocation', 'startWifi', 'getConnectedWifi']);
    const loc = sb.privateCalls.find((c) => c.api === 'getLocation');
    expect(loc?.opts).toMatchObject({ isHighAccuracy: true, highAccuracyExpireTime: expect.any(Number) });

    const stored = await doc('checkins', `${activityId}:alice`);
    expect(stored).toMatchObject({
      activityId,
      memberId: 'alice',
      status: 'approved',
      flags: [],
      method: 'site',
      location: { lat: PHONE.lat, lng: PHONE.lng, accuracy: 15 },
    });
    expect(envelopeErrors(sb)).toEqual([]);
    expectAllAnswered(sb);
    expect(sb.errors).toEqual([]);
    expect(sb.warnings).toEqual([]);
  });

  it('outside the fence the check-in waits for review; the secretary’s queue approves it', async () => {
    const member = await phone(
      'o_bob',
      {
        getLocation: (o: { success: (r: unknown) => void }) =>
          o.success({ errMsg: 'getLocation:ok', ...FAR }),
      },
      { privacyAgreed: true },
    );
    const scan = member.openPage('pages/checkin/index', { scene: `s.${siteCode}` });
    await member.waitFor(() => member.texts(scan).includes('待审核'), '待审核', 15_000);
    expect(member.texts(scan).join('')).toContain('不在签到范围');
    expect(await doc('checkins', `${activityId}:bob`)).toMatchObject({
      status: 'pending',
      flags: ['outside_fence'],
    });

    const sec = await phone('o_sec');
    const queue = sec.openPage('secretary/pages/queue/index');
    await sec.waitFor(() => sec.texts(queue).includes('成员bob'), 'bob in the queue', 15_000);
    const text = sec.texts(queue).join('');
    expect(text).toContain('不在签到范围');
    expect(text).toMatch(/距会场 \d+ 米/);
    expect(text).toContain('主题党日：实验室安全检查');
    sec.tap(queue, '核实后通过');
    await sec.waitFor(() => !sec.texts(queue).includes('成员bob'), 'bob leaves the queue', 15_000);

    expect(await doc('checkins', `${activityId}:bob`)).toMatchObject({
      status: 'approved',
      flags: ['outside_fence'],
      decidedBy: 'sec',
    });
    for (const sb of [member, sec]) {
      expect(envelopeErrors(sb)).toEqual([]);
      expectAllAnswered(sb);
      expect(sb.errors).toEqual([]);
    }
  });

  it('the secretary’s display mints the rotating code on the phone (@noble/hashes, compiled to ES2016) and counts the check-ins', async () => {
    const sb = await phone('o_sec');
    const page = sb.openPage('secretary/pages/display/index', { id: activityId });
    await sb.waitFor(() => /\d+ 秒后刷新/.test(sb.texts(page).join('')), 'rotating countdown', 15_000);
    // alice (approved at once) and bob (approved from the queue)
    await sb.waitFor(() => sb.texts(page).join('|').includes('已签到|2|人'), 'count of 2 check-ins', 15_000);
    await sb.waitFor(() => sb.texts(page).includes('主题党日：实验室安全检查'), 'activity title', 15_000);
    expect(envelopeErrors(sb)).toEqual([]);
    expectAllAnswered(sb);
    expect(sb.errors).toEqual([]);
  });

  it('提醒我 prompts with the server’s template ids inside the tap and stores the credit', async () => {
    const prompts: { tmplIds: string[]; callsAtPrompt: number }[] = [];
    let callsAtTap = -1;
    const sb: Sandbox = await phone(
      'o_carol',
      subscribeWx({
        answers: {
          [TEMPLATES.APP_TEMPLATE_MEETING_REMINDER]: 'accept',
          [TEMPLATES.APP_TEMPLATE_MEETING_CANCELLED]: 'reject',
        },
        onPrompt: (tmplIds) => prompts.push({ tmplIds, callsAtPrompt: sb.cloudCalls.length }),
      }),
    );
    const page = sb.openPage('pages/activity/index', { id: activityId });
    await sb.waitFor(() => sb.texts(page).includes('主题党日：实验室安全检查'), 'activity shown', 15_000);
    // 提醒我 is ready once the template ids are loaded (the tap must prompt at once)
    await sb.waitFor(
      () => sb.cloudCalls.some((c) => c.name === 'reminder' && c.answered),
      'reminder.templates answered',
    );
    await new Promise((r) => setTimeout(r, 50));
    callsAtTap = sb.cloudCalls.length;
    sb.tap(page, '提醒我');
    await sb.waitFor(() => sb.texts(page).some((t) => t.includes('已开启')), 'reminder accepted', 15_000);
    // WeChat opens the prompt only from the tap itself: no cloud call came before it
    expect(prompts).toEqual([
      {
        tmplIds: [TEMPLATES.APP_TEMPLATE_MEETING_REMINDER, TEMPLATES.APP_TEMPLATE_MEETING_CANCELLED],
        callsAtPrompt: callsAtTap,
      },
    ]);
    expect(sb.texts(page).join('')).toContain('可收到 1 条会议提醒');
    expect(await doc('credits', 'carol:meetingReminder')).toMatchObject({ count: 1 });
    expect(await doc('credits', 'carol:meetingCancelled')).toBeUndefined();
    expect(envelopeErrors(sb)).toEqual([]);
    expectAllAnswered(sb);
    expect(sb.errors).toEqual([]);
  });
});

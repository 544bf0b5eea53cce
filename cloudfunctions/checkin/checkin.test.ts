import { useLocalCloud } from '../../testing/cloud';
import type {
  TActivity,
  TCreateActivityInput,
  TDisplayCodeOutput,
  TListBranchOutput,
  TListMineOutput,
  TSiteCodeOutput,
} from '../../types/activity';
import type { TCheckInOutput, TCheckOutOutput, TMyRecordsOutput } from '../../types/checkin';
import type { Envelope } from '../../types/envelope';
import { mintCode } from '../core/domain/rotating-code';
import { settledCode } from '../../testing/codes';
import { memberDoc as rosterRow } from '../../testing/fixtures';

/**
 * activity + checkin end to end: gateway → bundled functions → real SDK → local cloud (strict
 * indexes). Every assertion on an answer is paired with what the database holds afterwards.
 */
const cloud = useLocalCloud();

const t0 = Date.now();
const MIN = 60_000;
const LAB = { lat: 30.2741, lng: 120.1551 };
const CROWD = 300;

/** An active roster row (testing/fixtures.ts) created at t0, bound 30 days before it. */
const memberDoc = (id: string, branchId: string, roles: string[] = ['member']) =>
  rosterRow(t0, id, branchId, roles, {
    staffNo: `S${id}`,
    boundAt: t0 - 30 * 24 * 60 * MIN,
    createdAt: t0,
    updatedAt: t0,
  });

async function call<T>(fn: string, action: string, payload: unknown, who: string): Promise<Envelope<T>> {
  return cloud.call<T>(fn, { action, payload }, `o_${who}`);
}
async function ok<T>(fn: string, action: string, payload: unknown, who: string): Promise<T> {
  const r = await call<T>(fn, action, payload, who);
  if (!r.ok) throw new Error(`${fn}.${action} as ${who}: ${JSON.stringify(r.error)}`);
  return r.data;
}

let nonceSeq = 0;
const nonce = () => `n${process.pid}x${++nonceSeq}xxxxxx`;

const crowd = Array.from({ length: CROWD }, (_, i) => `c${String(i).padStart(3, '0')}`);
let siteId = '';
let siteCodeShort = '';

async function createActivity(
  extra: Omit<Partial<TCreateActivityInput>, 'checkin'> & {
    checkin?: Partial<TCreateActivityInput['checkin']>;
  } = {},
) {
  const { checkin, ...rest } = extra;
  const input: TCreateActivityInput = {
    branchId: 'b1',
    type: 'theme_day',
    title: '主题党日：实验室安全',
    siteId,
    startAt: t0 + 5 * MIN,
    endAt: t0 + 95 * MIN,
    ...rest,
    // location off unless a test asks: most tests here are about codes and records, not the fence
    // (the S-2 defaults are tested on their own, passing requireLocation: undefined)
    checkin: { proof: 'either', approval: 'auto', requireLocation: false, codePeriodSec: 15, ...checkin },
  };
  return (await ok<{ id: string }>('activity', 'create', input, 'sec')).id;
}

/** The code on the display now, held until a scan of it would not be flagged `too_fast` (testing/codes.ts). */
async function liveCode(activityId: string, who = 'sec'): Promise<TDisplayCodeOutput> {
  return settledCode(await ok<TDisplayCodeOutput>('activity', 'displayCode', { activityId }, who));
}

async function checkinDoc(activityId: string, memberId: string) {
  const res = await cloud.db().collection('checkins').doc(`${activityId}:${memberId}`).get();
  return (res.data as Record<string, unknown>[])[0] ?? null;
}
async function countRecords(activityId: string, memberId?: string): Promise<number> {
  const where: Record<string, string> = { activityId };
  if (memberId) where.memberId = memberId;
  const res = await cloud.db().collection('checkins').where(where).count();
  return res.total as number;
}

beforeAll(async () => {
  const db = cloud.db();
  await db
    .collection('branches')
    .add({ _id: 'b1', name: '病理学实验室党支部', college: '基础医学院', createdAt: t0, updatedAt: t0 });
  await db
    .collection('branches')
    .add({ _id: 'b2', name: '内科教研室党支部', college: '临床医学院', createdAt: t0, updatedAt: t0 });
  await db.collection('members').add(memberDoc('sec', 'b1', ['member', 'secretary']));
  await db.collection('members').add(memberDoc('sec2', 'b2', ['member', 'secretary']));
  await db.collection('members').add(memberDoc('alice', 'b1'));
  await db.collection('members').add(memberDoc('bob', 'b1'));
  await db.collection('members').add(memberDoc('carol', 'b1'));
  await db.collection('members').add(memberDoc('dave', 'b1'));
  await db.collection('members').add(memberDoc('erin', 'b1'));
  await db.collection('members').add(memberDoc('outsider', 'b2'));
  for (let i = 0; i < crowd.length; i += 50) {
    await Promise.all(crowd.slice(i, i + 50).map((id) => db.collection('members').add(memberDoc(id, 'b1'))));
  }
  const site = await ok<{ id: string; code: string }>(
    'activity',
    'createSite',
    {
      branchId: 'b1',
      name: '病理学实验室 A301',
      kind: 'lab',
      location: LAB,
      radiusM: 80,
      wifiBssids: ['aa:bb:cc:dd:ee:ff'],
    },
    'sec',
  );
  siteId = site.id;
  siteCodeShort = site.code;
}, 120_000);

describe('sites', () => {
  it('answers the short code and the s.<code> scene with a printable mini-program code in storage', async () => {
    const r = await ok<TSiteCodeOutput>('activity', 'siteCode', { siteId }, 'sec');
    expect(r.code).toBe(siteCodeShort);
    expect(r.scene).toBe(`s.${siteCodeShort}`);
    expect(r.scene.length).toBeLessThanOrEqual(32);
    // The image WeChat renders comes back as its bytes (wx.openApi), inline in the answer.
    expect(Buffer.from(r.pngBase64!, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const out = await cloud.outbox();
    expect(out[out.length - 1]).toMatchObject({
      apiName: 'wxacode.getUnlimited',
      data: { scene: `s.${siteCodeShort}`, page: 'pages/checkin/index' },
    });
    const stored = (await cloud.db().collection('sites').doc(siteId).get()).data[0];
    expect(stored.qrFileId).toBe(r.fileId);
  });

  it('lists the branch sites and refuses another branch secretary', async () => {
    const list = await ok<{ id: string; code: string }[]>('activity', 'listSites', { branchId: 'b1' }, 'sec');
    expect(list.map((s) => s.id)).toEqual([siteId]);
    expect(await call('activity', 'listSites', { branchId: 'b1' }, 'sec2')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('activity', 'siteCode', { siteId }, 'alice')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('updates a site and audits it', async () => {
    await ok('activity', 'updateSite', { siteId, radiusM: 100 }, 'sec');
    const stored = (await cloud.db().collection('sites').doc(siteId).get()).data[0];
    expect(stored.radiusM).toBe(100);
    const audit = await cloud.db().collection('audit').where({ targetId: siteId }).get();
    expect(audit.data.map((a: { action: string }) => a.action).sort()).toEqual([
      'site.create',
      'site.update',
    ]);
  });
});

describe('concurrency and nonces', () => {
  let activityId = '';
  beforeAll(async () => {
    // the longest code period (a code lives two periods): this block is about uniqueness under
    // concurrency, and 300 calls on a loaded 2-core machine can take longer than 2 × 15 s
    activityId = await createActivity({ title: '支部党员大会', checkin: { codePeriodSec: 60 } });
  });

  it(`${CROWD} members checking in at once → exactly ${CROWD} records`, async () => {
    const { code } = await liveCode(activityId);
    const answers = await Promise.all(
      crowd.map((m, i) =>
        call<TCheckInOutput>(
          'checkin',
          'checkIn',
          {
            code,
            nonce: nonce(),
            deviceId: `dev-${m}`,
            location: { lat: LAB.lat + i * 1e-6, lng: LAB.lng, accuracy: 20 },
          },
          m,
        ),
      ),
    );
    const failed = answers.filter((a) => !a.ok);
    expect(failed).toEqual([]);
    expect(answers.every((a) => a.ok && a.data.status === 'approved' && !a.data.duplicate)).toBe(true);
    expect(await countRecords(activityId)).toBe(CROWD);
    const d = await liveCode(activityId);
    expect(d.checkedIn).toBe(CROWD);
  }, 120_000);

  it('the same member 20 times at once with different nonces → 1 record, the others duplicate', async () => {
    const { code } = await liveCode(activityId);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        ok<TCheckInOutput>(
          'checkin',
          'checkIn',
          { code, nonce: nonce(), location: { ...LAB, accuracy: 10 } },
          'alice',
        ),
      ),
    );
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(answers.filter((a) => a.duplicate)).toHaveLength(19);
    expect(new Set(answers.map((a) => a.checkinId))).toEqual(new Set([`${activityId}:alice`]));
    expect(await countRecords(activityId, 'alice')).toBe(1);
  }, 60_000);

  it('a retried nonce gets the same answer, even after the code expired', async () => {
    const { code, displayKey } = await liveCode(activityId);
    const n = nonce();
    const first = await ok<TCheckInOutput>('checkin', 'checkIn', { code, nonce: n }, 'bob');
    expect(first).toMatchObject({ status: 'approved', duplicate: false });
    const again = await ok<TCheckInOutput>('checkin', 'checkIn', { code, nonce: n }, 'bob');
    expect(again).toEqual(first);
    // an old code with the same nonce: the stored answer, not CODE_EXPIRED
    const old = mintCode(displayKey!, activityId, 15_000, Date.now() - 60_000).code;
    expect(await ok<TCheckInOutput>('checkin', 'checkIn', { code: old, nonce: n }, 'bob')).toEqual(first);
    // a duplicate's answer is kept for its nonce too
    const n2 = nonce();
    const dup = await ok<TCheckInOutput>('checkin', 'checkIn', { code, nonce: n2 }, 'bob');
    expect(dup).toMatchObject({ duplicate: true, checkinId: first.checkinId });
    expect(await ok<TCheckInOutput>('checkin', 'checkIn', { code: old, nonce: n2 }, 'bob')).toEqual(dup);
    expect(await countRecords(activityId, 'bob')).toBe(1);
    const scans = await cloud.db().collection('checkin_scans').where({ memberId: 'bob' }).get();
    expect(scans.data).toHaveLength(1);
  });

  it('flags a device shared by two members on both records, and identical coordinates', async () => {
    const { code } = await liveCode(activityId);
    const spot = { lat: 30.27415, lng: 120.15515, accuracy: 15 };
    await ok(
      'checkin',
      'checkIn',
      { code, nonce: nonce(), deviceId: 'shared-phone', location: spot },
      'carol',
    );
    const r = await ok<TCheckInOutput>(
      'checkin',
      'checkIn',
      { code, nonce: nonce(), deviceId: 'shared-phone', location: spot },
      'dave',
    );
    expect(r.flags).toEqual(expect.arrayContaining(['device_shared', 'same_coordinates']));
    expect(r.status).toBe('approved'); // auto mode: only outside_fence makes it pending
    const carol = await checkinDoc(activityId, 'carol');
    expect(carol!.flags).toEqual(expect.arrayContaining(['device_shared', 'same_coordinates']));
  });
});

describe('offline scans: a claimed scan time is evidence, never proof (S-1)', () => {
  const photo = (displayKey: string, id: string, minutesAgo: number) => {
    const m = mintCode(displayKey, id, 15_000, Date.now() - minutesAgo * MIN);
    return { code: m.code, scannedAt: m.windowStart + 2_000 };
  };
  const opensEarly = { opensAt: t0 - 3 * 60 * MIN, approval: 'auto' as const, requireLocation: false };

  it('a 10-minute-old code with a back-dated scannedAt is kept, flagged offline_late and pending in auto mode', async () => {
    const id = await createActivity({ checkin: opensEarly });
    const p = photo((await liveCode(id)).displayKey!, id, 10);
    const r = await ok<TCheckInOutput>('checkin', 'checkIn', { ...p, nonce: nonce() }, 'erin');
    expect(r).toMatchObject({ status: 'pending', flags: ['offline_late'], checkedInAt: p.scannedAt });
    expect(await checkinDoc(id, 'erin')).toMatchObject({
      status: 'pending',
      flags: ['offline_late'],
      checkedInAt: p.scannedAt,
      evidence: { scanTimeSource: 'client', claimedScannedAt: p.scannedAt },
    });
  });

  it('a claim older than the 30-minute default is ignored → CODE_EXPIRED, nothing stored', async () => {
    const id = await createActivity({ checkin: opensEarly });
    const p = photo((await liveCode(id)).displayKey!, id, 40);
    expect(await call('checkin', 'checkIn', { ...p, nonce: nonce() }, 'erin')).toMatchObject({
      ok: false,
      error: { code: 'CODE_EXPIRED' },
    });
    expect(await countRecords(id)).toBe(0);
  });

  it('an activity may allow a longer delay (maxOfflineSec, ≤ 2 h): still pending for review', async () => {
    const id = await createActivity({ checkin: { ...opensEarly, maxOfflineSec: 3_600 } });
    const p = photo((await liveCode(id)).displayKey!, id, 40);
    const r = await ok<TCheckInOutput>('checkin', 'checkIn', { ...p, nonce: nonce() }, 'erin');
    expect(r).toMatchObject({ status: 'pending', flags: ['offline_late'] });
    expect(await checkinDoc(id, 'erin')).toMatchObject({ status: 'pending' });
  });

  it('refuses offline settings beyond the caps (grace > 600 s, max delay > 7 200 s)', async () => {
    for (const [field, value] of [
      ['offlineGraceSec', 86_400],
      ['maxOfflineSec', 86_400],
    ] as const) {
      const r = await call(
        'activity',
        'create',
        {
          branchId: 'b1',
          type: 'theme_day',
          title: 'x',
          startAt: t0 + 60 * MIN,
          endAt: t0 + 120 * MIN,
          checkin: { proof: 'rotating', approval: 'auto', [field]: value },
        },
        'sec',
      );
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: `payload.checkin.${field}` }] } },
      });
    }
  });
});

describe('forwarded live code: the floor (S-2)', () => {
  it('an activity with a site requires location and is risk-approved by default; a rotating code without location → LOCATION_REQUIRED', async () => {
    const id = await createActivity({ checkin: { requireLocation: undefined, approval: undefined } });
    const stored = (await cloud.db().collection('activities').doc(id).get()).data[0];
    expect(stored.checkin).toMatchObject({ requireLocation: true, approval: 'risk' });
    const noSite = await createActivity({ siteId: undefined, checkin: { requireLocation: undefined } });
    expect((await cloud.db().collection('activities').doc(noSite).get()).data[0].checkin).toMatchObject({
      requireLocation: false,
    });

    const { code } = await liveCode(id);
    expect(await call('checkin', 'checkIn', { code, nonce: nonce() }, 'erin')).toMatchObject({
      ok: false,
      error: { code: 'LOCATION_REQUIRED', details: { reason: 'location_missing' } },
    });
    expect(await countRecords(id)).toBe(0);
    const r = await ok<TCheckInOutput>(
      'checkin',
      'checkIn',
      { code, nonce: nonce(), location: { ...LAB, accuracy: 10 } },
      'erin',
    );
    expect(r).toMatchObject({ status: 'approved', flags: [] });
    expect(await checkinDoc(id, 'erin')).toMatchObject({
      status: 'approved',
      location: { ...LAB, accuracy: 10 },
    });
  });
});

describe('a later check-in reveals a shared device (S-12)', () => {
  it('in risk mode the earlier system-approved record goes back to pending, flagged, audited as system; one insert, no lost record', async () => {
    const id = await createActivity({ checkin: { approval: 'risk' } });
    const { code } = await liveCode(id);
    const [first, second] = [crowd[220], crowd[221]];
    const a = await ok<TCheckInOutput>(
      'checkin',
      'checkIn',
      { code, nonce: nonce(), deviceId: 'phone-s12' },
      first,
    );
    expect(a).toMatchObject({ status: 'approved', flags: [] });
    const b = await ok<TCheckInOutput>(
      'checkin',
      'checkIn',
      { code, nonce: nonce(), deviceId: 'phone-s12' },
      second,
    );
    expect(b).toMatchObject({ status: 'pending', flags: ['device_shared'] });
    expect(await checkinDoc(id, second)).toMatchObject({ status: 'pending', flags: ['device_shared'] });
    expect(await checkinDoc(id, first)).toMatchObject({ status: 'pending', flags: ['device_shared'] });
    expect(await countRecords(id)).toBe(2);
    const audit = (await cloud.db().collection('audit').where({ activityId: id }).get()).data;
    expect(audit.filter((e: { action: string }) => e.action === 'checkin.flag')).toEqual([
      expect.objectContaining({
        actor: 'system',
        targetId: `${id}:${first}`,
        before: { status: 'approved', flags: [] },
        after: { status: 'pending', flags: ['device_shared'], byCheckinId: `${id}:${second}` },
      }),
    ]);
    // the queue lists both
    const q = await ok<{ id: string }[]>('attendance', 'queue', { activityId: id }, 'sec');
    expect(q.map((i) => i.id).sort()).toEqual([`${id}:${first}`, `${id}:${second}`].sort());
  });

  it('a record a person approved keeps its status and only gets the flag', async () => {
    const id = await createActivity({ checkin: { approval: 'manual' } });
    const { code } = await liveCode(id);
    const [first, second] = [crowd[222], crowd[223]];
    await ok('checkin', 'checkIn', { code, nonce: nonce(), deviceId: 'phone-s12b' }, first);
    await ok('attendance', 'review', { items: [{ id: `${id}:${first}`, decision: 'approve' }] }, 'sec');
    expect(await checkinDoc(id, first)).toMatchObject({ status: 'approved', decidedBy: 'sec' });
    await ok('checkin', 'checkIn', { code, nonce: nonce(), deviceId: 'phone-s12b' }, second);
    expect(await checkinDoc(id, first)).toMatchObject({ status: 'approved', flags: ['device_shared'] });
    expect(await checkinDoc(id, second)).toMatchObject({ status: 'pending', flags: ['device_shared'] });
  });
});

describe('refusals, end to end', () => {
  const expectRefusal = (r: Envelope<unknown>, code: string, reason?: string) =>
    expect(r).toMatchObject({ ok: false, error: { code, ...(reason ? { details: { reason } } : {}) } });

  it('CODE_INVALID: not a code, a forged signature, an unknown activity', async () => {
    const id = await createActivity();
    const { code } = await liveCode(id);
    expectRefusal(
      await call('checkin', 'checkIn', { code: 'hello', nonce: nonce() }, 'erin'),
      'CODE_INVALID',
      'malformed',
    );
    const forged = code.slice(0, -3) + (code.endsWith('AAA') ? 'BBB' : 'AAA');
    expectRefusal(
      await call('checkin', 'checkIn', { code: forged, nonce: nonce() }, 'erin'),
      'CODE_INVALID',
      'bad_signature',
    );
    expectRefusal(
      await call(
        'checkin',
        'checkIn',
        { code: code.replace(id, 'no_such_activity'), nonce: nonce() },
        'erin',
      ),
      'CODE_INVALID',
    );
    // a forged code learns nothing about the activity it imitates
    const f = await call('checkin', 'checkIn', { code: forged, nonce: nonce() }, 'erin');
    expect(JSON.stringify(f)).not.toContain(id);
    expect(await countRecords(id)).toBe(0);
  });

  it('CODE_EXPIRED: a code two periods old', async () => {
    const id = await createActivity();
    const { displayKey } = await liveCode(id);
    const old = mintCode(displayKey!, id, 15_000, Date.now() - 31_000).code;
    const r = await call('checkin', 'checkIn', { code: old, nonce: nonce() }, 'erin');
    expectRefusal(r, 'CODE_EXPIRED', 'expired');
    // a genuine code of this activity: the screen may offer 申请补签 for it
    expect(r).toMatchObject({
      error: { details: { activityId: id, opensAt: expect.any(Number), closesAt: expect.any(Number) } },
    });
    expect(await countRecords(id)).toBe(0);
  });

  it('OUTSIDE_WINDOW before it opens and after it closes', async () => {
    const later = await createActivity({ startAt: t0 + 3 * 60 * MIN, endAt: t0 + 4 * 60 * MIN });
    const early = await call(
      'checkin',
      'checkIn',
      { code: (await liveCode(later)).code, nonce: nonce() },
      'erin',
    );
    expectRefusal(early, 'OUTSIDE_WINDOW', 'before_open');
    // 签到将于 HH:mm 开放: the window comes with the refusal
    const opensAt = (early as unknown as { error: { details: { opensAt: number } } }).error.details.opensAt;
    expect(opensAt).toBeGreaterThan(t0);
    expect(opensAt).toBeLessThanOrEqual(t0 + 3 * 60 * MIN);
    const closed = await createActivity({ startAt: t0 - 60 * MIN, endAt: t0 + 60 * MIN });
    expectRefusal(
      await call('checkin', 'checkIn', { code: (await liveCode(closed)).code, nonce: nonce() }, 'erin'),
      'OUTSIDE_WINDOW',
      'after_close',
    );
    expect((await countRecords(later)) + (await countRecords(closed))).toBe(0);
  });

  it('NOT_EXPECTED: a member of another branch, or one left off the invitation list', async () => {
    const id = await createActivity();
    expectRefusal(
      await call('checkin', 'checkIn', { code: (await liveCode(id)).code, nonce: nonce() }, 'outsider'),
      'NOT_EXPECTED',
    );
    const invited = await createActivity({ type: 'group_meeting', expectedMemberIds: ['alice'] });
    expectRefusal(
      await call('checkin', 'checkIn', { code: (await liveCode(invited)).code, nonce: nonce() }, 'erin'),
      'NOT_EXPECTED',
    );
    expect(await countRecords(id)).toBe(0);
  });

  it('LOCATION_REQUIRED when the activity asks for it', async () => {
    const id = await createActivity({ checkin: { requireLocation: true } });
    expectRefusal(
      await call('checkin', 'checkIn', { code: (await liveCode(id)).code, nonce: nonce() }, 'erin'),
      'LOCATION_REQUIRED',
      'location_missing',
    );
    expect(await countRecords(id)).toBe(0);
  });

  it('ACTIVITY_CANCELLED after cancel; members see the reason; the display stops', async () => {
    const id = await createActivity();
    const { code } = await liveCode(id);
    expect(
      await ok('activity', 'cancel', { activityId: id, reason: '场地临时检修，改期另行通知' }, 'sec'),
    ).toEqual({ status: 'cancelled' });
    expectRefusal(
      await call('checkin', 'checkIn', { code, nonce: nonce() }, 'erin'),
      'ACTIVITY_CANCELLED',
      'cancelled',
    );
    expectRefusal(await call('activity', 'displayCode', { activityId: id }, 'sec'), 'ACTIVITY_CANCELLED');
    const mine = await ok<TListMineOutput>('activity', 'listMine', {}, 'erin');
    expect(mine.find((a) => a.id === id)).toMatchObject({
      status: 'cancelled',
      myStatus: 'cancelled',
      cancelReason: '场地临时检修，改期另行通知',
    });
    const audit = await cloud.db().collection('audit').where({ activityId: id }).get();
    expect(audit.data.map((a: { action: string }) => a.action).sort()).toEqual([
      'activity.cancel',
      'activity.create',
    ]);
    expect(await countRecords(id)).toBe(0);
  });

  it('NOT_CHECKED_IN on check-out without a check-in', async () => {
    const id = await createActivity({ checkin: { checkOut: true } });
    expectRefusal(
      await call('checkin', 'checkOut', { activityId: id, nonce: nonce() }, 'erin'),
      'NOT_CHECKED_IN',
      'no_record',
    );
  });
});

describe('site codes and the fence', () => {
  it('a site code attaches to the activity running at the site now; out of fence → pending + flag, stored', async () => {
    const otherSite = await ok<{ id: string; code: string }>(
      'activity',
      'createSite',
      {
        branchId: 'b1',
        name: '临床技能中心',
        kind: 'clinical_skills_center',
        location: { lat: 30.28, lng: 120.16 },
        radiusM: 50,
      },
      'sec',
    );
    const tomorrow = await createActivity({
      siteId: otherSite.id,
      startAt: t0 + 24 * 60 * MIN,
      endAt: t0 + 25 * 60 * MIN,
    });
    const running = await createActivity({
      siteId: otherSite.id,
      title: '一线实践：技能带教',
      type: 'frontline_practice',
      checkin: { proof: 'site' },
    });
    const scene = `s.${otherSite.code}`;
    expectRefusalOf(
      await call('checkin', 'checkIn', { code: scene, nonce: nonce() }, 'erin'),
      'LOCATION_REQUIRED',
    );
    const far = { lat: 30.29, lng: 120.16, accuracy: 10 }; // ~1.1 km north
    const r = await ok<TCheckInOutput>(
      'checkin',
      'checkIn',
      {
        code: `https://x.invalid/pages/checkin/index?scene=${encodeURIComponent(scene)}`,
        nonce: nonce(),
        location: far,
      },
      'erin',
    );
    expect(r).toMatchObject({
      activityId: running,
      status: 'pending',
      flags: ['outside_fence'],
      duplicate: false,
    });
    const stored = await checkinDoc(running, 'erin');
    expect(stored).toMatchObject({
      status: 'pending',
      method: 'site',
      flags: ['outside_fence'],
      location: far,
    });
    expect(await countRecords(tomorrow)).toBe(0);
    // a rotating code is refused for a site-only activity, and the display refuses too
    expectRefusalOf(await call('activity', 'displayCode', { activityId: running }, 'sec'), 'CONFLICT');
  });

  it('NO_ACTIVITY_AT_SITE when nothing is open there', async () => {
    const quiet = await ok<{ id: string; code: string }>(
      'activity',
      'createSite',
      { branchId: 'b1', name: '社区义诊点', kind: 'community_clinic', location: LAB, radiusM: 100 },
      'sec',
    );
    expectRefusalOf(
      await call(
        'checkin',
        'checkIn',
        { code: `s.${quiet.code}`, nonce: nonce(), location: { ...LAB, accuracy: 5 } },
        'erin',
      ),
      'NO_ACTIVITY_AT_SITE',
    );
  });
});

function expectRefusalOf(r: Envelope<unknown>, code: string) {
  expect(r).toMatchObject({ ok: false, error: { code } });
}

describe('activities', () => {
  it('never leaks the secret: get, listMine, listBranch, displayCode', async () => {
    const id = await createActivity();
    const stored = (await cloud.db().collection('activities').doc(id).get()).data[0];
    expect(typeof stored.secret).toBe('string');
    const outputs = [
      await ok('activity', 'get', { activityId: id }, 'alice'),
      await ok('activity', 'listMine', {}, 'alice'),
      await ok('activity', 'listBranch', { branchId: 'b1' }, 'sec'),
      await ok('activity', 'displayCode', { activityId: id }, 'sec'),
    ];
    for (const o of outputs) {
      const text = JSON.stringify(o);
      expect(text).not.toContain(stored.secret);
      expect(text).not.toContain('"secret"');
    }
    const d = outputs[3] as TDisplayCodeOutput;
    expect(d.displayKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Math.abs(d.serverNow! - Date.now())).toBeLessThan(5_000);
    // the phone's own minting matches the server's code
    expect(mintCode(d.displayKey!, id, d.periodSec * 1000, d.serverNow!).code).toBe(d.code);
  });

  it('members get the site by name only, never its fence centre or radius (S-3); staff get the fence', async () => {
    const id = await createActivity();
    const fence = [String(LAB.lat), String(LAB.lng), '"radiusM"', '"location"'];
    const get = await ok<TActivity>('activity', 'get', { activityId: id }, 'alice');
    expect(get.site).toEqual({ id: siteId, name: '病理学实验室 A301', kind: 'lab' });
    const mine = await ok<TListMineOutput>('activity', 'listMine', {}, 'alice');
    expect(mine.find((a) => a.id === id)!.site).toEqual(get.site);
    // a secretary's own "my activities" view is the member's view too
    const secMine = await ok<TListMineOutput>('activity', 'listMine', {}, 'sec');
    for (const text of [JSON.stringify(get), JSON.stringify(mine), JSON.stringify(secMine)]) {
      for (const f of fence) expect([f, text.includes(f)]).toEqual([f, false]);
    }
    const staffGet = await ok<TActivity>('activity', 'get', { activityId: id }, 'sec');
    expect(staffGet.site).toMatchObject({ location: LAB, radiusM: expect.any(Number) });
    const branch = await ok<TListBranchOutput>('activity', 'listBranch', { branchId: 'b1' }, 'sec');
    expect(branch.find((a) => a.id === id)!.site).toMatchObject({
      location: LAB,
      radiusM: expect.any(Number),
    });
  });

  it('members of another branch cannot read an activity; members cannot run the display', async () => {
    const id = await createActivity();
    expectRefusalOf(await call('activity', 'get', { activityId: id }, 'outsider'), 'FORBIDDEN');
    expectRefusalOf(await call('activity', 'displayCode', { activityId: id }, 'alice'), 'FORBIDDEN');
    expectRefusalOf(
      await call(
        'activity',
        'create',
        {
          branchId: 'b1',
          type: 'theme_day',
          title: 'x',
          startAt: t0,
          endAt: t0 + MIN,
          checkin: { proof: 'rotating', approval: 'auto' },
        },
        'alice',
      ),
      'FORBIDDEN',
    );
  });

  it('defaults the window to 30 min before/after the start; edits only before the start, audited', async () => {
    const start = t0 + 2 * 60 * MIN;
    const id = await createActivity({ startAt: start, endAt: start + 60 * MIN });
    const a = await ok<{ checkin: { opensAt: number; closesAt: number } }>(
      'activity',
      'get',
      { activityId: id },
      'alice',
    );
    expect(a.checkin).toMatchObject({ opensAt: start - 30 * MIN, closesAt: start + 30 * MIN });
    await ok(
      'activity',
      'update',
      { activityId: id, title: '改名后的主题党日', startAt: start + 60 * MIN, endAt: start + 120 * MIN },
      'sec',
    );
    const b = await ok<{ title: string; checkin: { opensAt: number } }>(
      'activity',
      'get',
      { activityId: id },
      'alice',
    );
    expect(b).toMatchObject({ title: '改名后的主题党日', checkin: { opensAt: start + 30 * MIN } });
    const audit = await cloud.db().collection('audit').where({ activityId: id }).get();
    const upd = audit.data.find((x: { action: string }) => x.action === 'activity.update');
    expect(upd.before.title).toBe('主题党日：实验室安全');
    expect(JSON.stringify(upd)).not.toContain('secret');
    // After the start only the title and description may change (a typo is not final); the times,
    // the place and the check-in rules stay as attendance was judged by them.
    const started = await createActivity({ startAt: t0 - MIN, endAt: t0 + 60 * MIN });
    expectRefusalOf(
      await call('activity', 'update', { activityId: started, title: '太晚了', endAt: t0 + 90 * MIN }, 'sec'),
      'CONFLICT',
    );
    const unchanged = await cloud.db().collection('activities').doc(started).get();
    expect(unchanged.data[0]).toMatchObject({ endAt: t0 + 60 * MIN });
    expect(unchanged.data[0].title).not.toBe('太晚了');
    await ok(
      'activity',
      'update',
      { activityId: started, title: '开始后改正的标题', description: '补充说明' },
      'sec',
    );
    const fixed = await cloud.db().collection('activities').doc(started).get();
    expect(fixed.data[0]).toMatchObject({
      title: '开始后改正的标题',
      description: '补充说明',
      endAt: t0 + 60 * MIN,
    });
    const edits = await cloud
      .db()
      .collection('audit')
      .where({ activityId: started, action: 'activity.update' })
      .get();
    expect(edits.data).toHaveLength(1);
  });

  it('listBranch counts present and pending; listMine gives my status', async () => {
    const id = await createActivity({ checkin: { approval: 'manual' } });
    await ok('checkin', 'checkIn', { code: (await liveCode(id)).code, nonce: nonce() }, 'erin');
    await ok('checkin', 'checkIn', { code: (await liveCode(id)).code, nonce: nonce() }, 'c000');
    const list = await ok<TListBranchOutput>('activity', 'listBranch', { branchId: 'b1' }, 'sec');
    const row = list.find((a) => a.id === id)!;
    expect(row.counts).toEqual({ expected: 7 + CROWD - 1, present: 0, pending: 2, leave: 0 });
    const mine = await ok<TListMineOutput>('activity', 'listMine', {}, 'erin');
    expect(mine.find((a) => a.id === id)!.myStatus).toBe('pending');
    expect(mine.find((a) => a.id === id)!.myStatus).toBe('pending');
    const later = await createActivity({ startAt: t0 + 5 * 60 * MIN, endAt: t0 + 6 * 60 * MIN });
    const mine2 = await ok<TListMineOutput>('activity', 'listMine', {}, 'erin');
    expect(mine2.find((a) => a.id === later)!.myStatus).toBe('upcoming');
  });

  it('check-out records the duration once; my records list the check-ins', async () => {
    const id = await createActivity({
      startAt: t0 - 10 * MIN,
      endAt: t0 + 60 * MIN,
      checkin: { checkOut: true },
    });
    await ok('checkin', 'checkIn', { code: (await liveCode(id)).code, nonce: nonce() }, 'c001');
    const n = nonce();
    const here = { ...LAB, accuracy: 15 };
    const out = await ok<TCheckOutOutput>(
      'checkin',
      'checkOut',
      { activityId: id, nonce: n, location: here },
      'c001',
    );
    expect(out).toMatchObject({ checkinId: `${id}:c001`, verified: true });
    const again = await ok<TCheckOutOutput>(
      'checkin',
      'checkOut',
      { activityId: id, nonce: nonce(), location: here },
      'c001',
    );
    expect(again).toEqual(out);
    const stored = await checkinDoc(id, 'c001');
    expect(stored).toMatchObject({ durationMin: out.durationMin, checkoutNonce: n, durationVerified: true });
    const recs = await ok<TMyRecordsOutput>('checkin', 'myRecords', {}, 'c001');
    expect(recs.find((r) => r.activityId === id)).toMatchObject({
      status: 'approved',
      method: 'rotating',
      durationMin: out.durationMin,
      durationVerified: true,
    });
  });

  it('S-18: check-out needs the check-in’s location proof; from outside the fence the duration is recorded but not verified', async () => {
    const id = await createActivity({
      startAt: t0 - 20 * MIN,
      endAt: t0 + 60 * MIN,
      checkin: { checkOut: true, requireLocation: undefined, approval: 'risk' },
    });
    const here = { ...LAB, accuracy: 15 };
    for (const m of ['c002', 'c003']) {
      await ok('checkin', 'checkIn', { code: (await liveCode(id)).code, nonce: nonce(), location: here }, m);
    }
    // no location → LOCATION_REQUIRED, nothing stored
    expect(await call('checkin', 'checkOut', { activityId: id, nonce: nonce() }, 'c002')).toMatchObject({
      ok: false,
      error: { code: 'LOCATION_REQUIRED', details: { reason: 'location_missing' } },
    });
    expect(await checkinDoc(id, 'c002')).not.toHaveProperty('checkedOutAt');
    // from home, 5 km away → recorded, flagged, not verified
    const home = { lat: LAB.lat + 0.045, lng: LAB.lng, accuracy: 10 };
    const away = await ok<TCheckOutOutput>(
      'checkin',
      'checkOut',
      { activityId: id, nonce: nonce(), location: home },
      'c002',
    );
    expect(away).toMatchObject({
      verified: false,
      unverifiedReason: 'outside_fence',
      durationMin: expect.any(Number),
    });
    expect(await checkinDoc(id, 'c002')).toMatchObject({
      durationMin: away.durationMin,
      durationVerified: false,
      durationUnverifiedReason: 'outside_fence',
      checkoutFlags: ['outside_fence'],
    });
    const recs = await ok<TMyRecordsOutput>('checkin', 'myRecords', {}, 'c002');
    expect(recs.find((r) => r.activityId === id)).toMatchObject({ durationVerified: false });
    // on site → verified
    const there = await ok<TCheckOutOutput>(
      'checkin',
      'checkOut',
      { activityId: id, nonce: nonce(), location: here },
      'c003',
    );
    expect(there).toMatchObject({ verified: true });
    expect(await checkinDoc(id, 'c003')).toMatchObject({ durationVerified: true, checkoutFlags: [] });
  });
});

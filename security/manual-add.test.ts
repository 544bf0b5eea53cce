import { useLocalCloud } from '../testing/cloud';
import type { Envelope } from '../types/envelope';

/**
 * Regression (security/REVIEW.md S-6): `manualAdd` recorded the caller themselves as present
 * (forced, approved), and had no time or status check: a meeting a day ahead or a cancelled one
 * took a forced "present". Now: FORBIDDEN for oneself (another secretary or an admin may add the
 * secretary), OUTSIDE_WINDOW before the start, ACTIVITY_CANCELLED on a cancelled activity — and
 * nothing written on a refusal.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const call = <T>(fn: string, action: string, payload: unknown, who: string): Promise<Envelope<T>> =>
  cloud.call<T>(fn, { action, payload }, `o_${who}`);
const codeOf = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code);
async function dump(coll: string): Promise<Record<string, unknown>[]> {
  return (await cloud.db().collection(coll).limit(1000).get()).data as Record<string, unknown>[];
}
const doc = async (coll: string, id: string) =>
  ((await cloud.db().collection(coll).doc(id).get()).data as Record<string, unknown>[])[0] ?? null;

let live = '';
let later = '';
let cancelled = '';

beforeAll(async () => {
  const db = cloud.db();
  await db
    .collection('branches')
    .add({ _id: 'bA', name: '内科', college: 'x', createdAt: t0, updatedAt: t0 });
  const row = (id: string, roles: string[]) => ({
    _id: id,
    branchId: 'bA',
    name: `成员${id}`,
    staffNo: id.toUpperCase(),
    phone: null,
    openid: `o_${id}`,
    status: 'active',
    roles,
    boundAt: t0 - DAY,
    createdAt: t0,
    updatedAt: t0,
  });
  await db.collection('members').add(row('secA', ['member', 'secretary']));
  await db.collection('members').add(row('sec2A', ['member', 'secretary']));
  await db.collection('members').add(row('admA', ['member', 'admin']));
  await db.collection('members').add(row('memA', ['member']));
  const create = async (startAt: number) => {
    const r = await call<{ id: string }>(
      'activity',
      'create',
      {
        branchId: 'bA',
        type: 'theme_day',
        title: '主题党日',
        startAt,
        endAt: startAt + 90 * MIN,
        checkin: { proof: 'rotating', approval: 'manual' },
      },
      'secA',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data.id;
  };
  live = await create(t0 - 5 * MIN);
  later = await create(t0 + DAY);
  cancelled = await create(t0 - 10 * MIN);
  const c = await call('activity', 'cancel', { activityId: cancelled, reason: '改期' }, 'secA');
  expect(codeOf(c)).toBe('ok');
}, 60_000);

it('nobody adds their own attendance: a secretary or a rostered admin → FORBIDDEN, nothing written', async () => {
  const before = JSON.stringify([await dump('checkins'), await dump('audit')]);
  const self = await call(
    'attendance',
    'manualAdd',
    { activityId: live, memberId: 'secA', reason: '我在' },
    'secA',
  );
  expect(self.ok ? null : self.error).toMatchObject({
    code: 'FORBIDDEN',
    details: { reason: 'self_review' },
  });
  const admin = await call(
    'attendance',
    'manualAdd',
    { activityId: live, memberId: 'admA', reason: '我在' },
    'admA',
  );
  expect(codeOf(admin)).toBe('FORBIDDEN');
  expect(JSON.stringify([await dump('checkins'), await dump('audit')])).toBe(before);
});

it('another secretary of the branch and an admin may add the secretary (forced, audited)', async () => {
  const r = await call(
    'attendance',
    'manualAdd',
    { activityId: live, memberId: 'secA', reason: '现场确认' },
    'sec2A',
  );
  expect(codeOf(r)).toBe('ok');
  expect(await doc('checkins', `${live}:secA`)).toMatchObject({
    status: 'approved',
    method: 'manual',
    forced: true,
    evidence: { addedBy: 'sec2A' },
  });
  const byBoot = await call(
    'attendance',
    'manualAdd',
    { activityId: live, memberId: 'sec2A', reason: '现场确认' },
    'boot',
  );
  expect(codeOf(byBoot)).toBe('ok');
  expect(await doc('checkins', `${live}:sec2A`)).toMatchObject({ status: 'approved', forced: true });
  const audit = (await dump('audit')).filter((a) => a.action === 'checkin.manualAdd');
  expect(audit.map((a) => [a.targetId, a.actor]).sort()).toEqual(
    [
      [`${live}:sec2A`, 'openid:o_boot'],
      [`${live}:secA`, 'sec2A'],
    ].sort(),
  );
});

it('before the start → OUTSIDE_WINDOW; on a cancelled activity → ACTIVITY_CANCELLED; nothing written', async () => {
  const before = JSON.stringify([await dump('checkins'), await dump('audit')]);
  const early = await call(
    'attendance',
    'manualAdd',
    { activityId: later, memberId: 'memA', reason: '提前' },
    'secA',
  );
  expect(codeOf(early)).toBe('OUTSIDE_WINDOW');
  const earlyBoot = await call(
    'attendance',
    'manualAdd',
    { activityId: later, memberId: 'memA', reason: '提前' },
    'boot',
  );
  expect(codeOf(earlyBoot)).toBe('OUTSIDE_WINDOW');
  const gone = await call(
    'attendance',
    'manualAdd',
    { activityId: cancelled, memberId: 'memA', reason: 'x' },
    'secA',
  );
  expect(codeOf(gone)).toBe('ACTIVITY_CANCELLED');
  expect(JSON.stringify([await dump('checkins'), await dump('audit')])).toBe(before);
  expect(await doc('checkins', `${later}:memA`)).toBeNull();
  expect(await doc('checkins', `${cancelled}:memA`)).toBeNull();
});

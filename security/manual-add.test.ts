import { useLocalCloud } from '../testing/cloud';
import { addBranch, addMember, codeOf, createActivity, DAY, helpers, MIN } from './fixtures';

/**
 * Regression (security/REVIEW.md S-6): `manualAdd` recorded the caller themselves as present
 * (forced, approved), and had no time or status check: a meeting a day ahead or a cancelled one
 * took a forced "present". Now: FORBIDDEN for oneself (another secretary or an admin may add the
 * secretary), OUTSIDE_WINDOW before the start, ACTIVITY_CANCELLED on a cancelled activity — and
 * nothing written on a refusal.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();

const { call, dump, doc } = helpers(cloud);
const manualAdd = (activityId: string, memberId: string, reason: string, who: string) =>
  call('attendance', 'manualAdd', { activityId, memberId, reason }, who);

let live = '';
let later = '';
let cancelled = '';

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  await addMember(cloud, t0, 'secA', { roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'sec2A', { roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'admA', { roles: ['member', 'admin'] });
  await addMember(cloud, t0, 'memA', { roles: ['member'] });
  live = await createActivity(cloud, 'secA', t0 - 5 * MIN, 90);
  later = await createActivity(cloud, 'secA', t0 + DAY, 90);
  cancelled = await createActivity(cloud, 'secA', t0 - 10 * MIN, 90);
  const c = await call('activity', 'cancel', { activityId: cancelled, reason: '改期' }, 'secA');
  expect(codeOf(c)).toBe('ok');
}, 60_000);

it('nobody adds their own attendance: a secretary or a rostered admin → FORBIDDEN, nothing written', async () => {
  const before = JSON.stringify([await dump('checkins'), await dump('audit')]);
  const self = await manualAdd(live, 'secA', '我在', 'secA');
  expect(self.ok ? null : self.error).toMatchObject({
    code: 'FORBIDDEN',
    details: { reason: 'self_review' },
  });
  const admin = await manualAdd(live, 'admA', '我在', 'admA');
  expect(codeOf(admin)).toBe('FORBIDDEN');
  expect(JSON.stringify([await dump('checkins'), await dump('audit')])).toBe(before);
});

it('another secretary of the branch and an admin may add the secretary (forced, audited)', async () => {
  const r = await manualAdd(live, 'secA', '现场确认', 'sec2A');
  expect(codeOf(r)).toBe('ok');
  expect(await doc('checkins', `${live}:secA`)).toMatchObject({
    status: 'approved',
    method: 'manual',
    forced: true,
    evidence: { addedBy: 'sec2A' },
  });
  const byBoot = await manualAdd(live, 'sec2A', '现场确认', 'boot');
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
  const early = await manualAdd(later, 'memA', '提前', 'secA');
  expect(codeOf(early)).toBe('OUTSIDE_WINDOW');
  const earlyBoot = await manualAdd(later, 'memA', '提前', 'boot');
  expect(codeOf(earlyBoot)).toBe('OUTSIDE_WINDOW');
  const gone = await manualAdd(cancelled, 'memA', 'x', 'secA');
  expect(codeOf(gone)).toBe('ACTIVITY_CANCELLED');
  expect(JSON.stringify([await dump('checkins'), await dump('audit')])).toBe(before);
  expect(await doc('checkins', `${later}:memA`)).toBeNull();
  expect(await doc('checkins', `${cancelled}:memA`)).toBeNull();
});

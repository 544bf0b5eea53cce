import { useLocalCloud } from '../testing/cloud';
import type { TDisplayCodeOutput } from '../types/activity';
import { addBranch, addMember, DAY, helpers, MIN } from './fixtures';

/**
 * Regression (security/REVIEW.md S-7): `member.completeDeletion` anonymised the roster row but the
 * member's name stayed in every check-in, leave/make-up request and delegation that copied it for
 * display, so the "deleted" person was still listed by name in queues, rosters and exports.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const NAME = '欧阳待删';

const { ok: call, dump: docs } = helpers(cloud);
const dump = async (coll: string) => JSON.stringify(await docs(coll));

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  const row = (id: string, name: string, roles: string[]) =>
    addMember(cloud, t0, id, { name, roles, phone: '13800002222', boundAt: t0 - DAY });
  await row('secA', '李书记', ['member', 'secretary']);
  await row('gone', NAME, ['member']);
}, 60_000);

it('completeDeletion leaves the name in no check-in, request or delegation', async () => {
  const activity = (t: number, approval = 'manual') => ({
    branchId: 'bA',
    type: 'theme_day',
    title: '主题党日',
    startAt: t,
    endAt: t + 90 * MIN,
    checkin: { proof: 'rotating', approval },
  });
  const live = (await call<{ id: string }>('activity', 'create', activity(t0 - 5 * MIN), 'secA')).id;
  const later = (await call<{ id: string }>('activity', 'create', activity(t0 + 2 * DAY), 'secA')).id;
  const code = await call<TDisplayCodeOutput>('activity', 'displayCode', { activityId: live }, 'secA');
  await call('checkin', 'checkIn', { code: code.code, nonce: `del${process.pid}xxxx` }, 'gone');
  await call('attendance', 'requestLeave', { activityId: later, reason: '出差' }, 'gone');
  await call(
    'attendance',
    'delegate',
    { branchId: 'bA', toMemberId: 'gone', from: t0, to: t0 + DAY },
    'secA',
  );
  for (const c of ['checkins', 'requests', 'delegations']) expect(await dump(c)).toContain(NAME);

  await call('member', 'requestDeletion', {}, 'gone');
  expect(await call('member', 'completeDeletion', { memberId: 'gone' }, 'boot')).toEqual({ status: 'left' });

  for (const c of ['members', 'checkins', 'requests', 'delegations']) {
    expect([c, (await dump(c)).includes(NAME)]).toEqual([c, false]);
  }
  // the records themselves stay (attendance history), under the placeholder
  const rec = (await cloud.db().collection('checkins').doc(`${live}:gone`).get()).data as {
    memberName: string;
  }[];
  expect(rec[0].memberName).toBe('已注销');
  const roster = await call<{ pending: { memberId: string }[] }>(
    'attendance',
    'roster',
    { activityId: live },
    'secA',
  );
  expect(JSON.stringify(roster)).not.toContain(NAME);
});

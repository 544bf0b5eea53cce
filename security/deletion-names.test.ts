import { useLocalCloud } from '../testing/cloud';
import type { TAuditOutput, TGetMinutesOutput } from '../types/attendance';
import { addBranch, addMember, DAY, helpers, MIN } from './fixtures';

/**
 * Regression (security/REVIEW.md S-7, attendance part): the minutes stored each absentee's name
 * (`minutes.absentees[].name`) and the `delegation.create` audit entry the delegate's name
 * (`after.toName`), so after `member.completeDeletion` the deleted member was still named there —
 * in the database and in the delegating secretary's own `myData` (their audit entries). Both now
 * store ids only; names are resolved from the roster / member rows when read.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const NAME = '欧阳待删';

const { ok: call, dump: docs } = helpers(cloud);
const dump = async (coll: string) => JSON.stringify(await docs(coll));

let past = '';

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  const row = (id: string, name: string, roles: string[]) =>
    addMember(cloud, t0, id, { name, roles, phone: '13800002222', boundAt: t0 - 10 * DAY });
  await row('secA', '李书记', ['member', 'secretary']);
  await row('memA', '王同志', ['member']);
  await row('gone', NAME, ['member']);
  past = (
    await call<{ id: string }>(
      'activity',
      'create',
      {
        branchId: 'bA',
        type: 'group_meeting',
        title: '党小组会',
        startAt: t0 - 3 * 60 * MIN,
        endAt: t0 - 2 * 60 * MIN,
        checkin: { proof: 'rotating', approval: 'manual' },
      },
      'secA',
    )
  ).id;
  await call('attendance', 'manualAdd', { activityId: past, memberId: 'memA', reason: '现场确认' }, 'secA');
}, 60_000);

it('minutes and delegation audit entries keep ids only; after completeDeletion the name is nowhere', async () => {
  await call(
    'attendance',
    'saveMinutes',
    { activityId: past, chair: '李书记', absentees: [{ memberId: 'gone', reason: '临时手术' }] },
    'secA',
  );
  await call(
    'attendance',
    'delegate',
    { branchId: 'bA', toMemberId: 'gone', from: t0, to: t0 + DAY },
    'secA',
  );
  // read time: the names are there (from the roster / the member row), the documents hold ids
  const minutes = await call<TGetMinutesOutput>('attendance', 'getMinutes', { activityId: past }, 'secA');
  expect(minutes).not.toBeNull();
  expect(minutes!.absentees).toContainEqual({
    memberId: 'gone',
    name: NAME,
    kind: 'absent',
    reason: '临时手术',
  });
  const view = await call<TAuditOutput>('attendance', 'audit', { branchId: 'bA' }, 'secA');
  expect(view.find((e) => e.action === 'delegation.create')).toMatchObject({
    targetName: NAME,
    after: { toMemberId: 'gone' },
  });
  expect(await dump('minutes')).toContain('"gone"');
  expect([await dump('minutes'), await dump('audit')].join()).not.toContain(NAME);

  await call('member', 'requestDeletion', {}, 'gone');
  expect(await call('member', 'completeDeletion', { memberId: 'gone' }, 'boot')).toEqual({ status: 'left' });

  for (const c of ['members', 'minutes', 'audit', 'delegations', 'checkins', 'requests']) {
    expect([c, (await dump(c)).includes(NAME)]).toEqual([c, false]);
  }
  // the delegating secretary's own data (their audit entries) and every read view
  const mine = await call('member', 'myData', {}, 'secA');
  expect(JSON.stringify(mine)).toContain('delegation.create');
  expect(JSON.stringify(mine)).not.toContain(NAME);
  const after = await call<TGetMinutesOutput>('attendance', 'getMinutes', { activityId: past }, 'secA');
  expect(JSON.stringify(after)).not.toContain(NAME);
  const auditAfter = await call<TAuditOutput>('attendance', 'audit', { branchId: 'bA' }, 'secA');
  expect(JSON.stringify(auditAfter)).not.toContain(NAME);
  expect(auditAfter.find((e) => e.action === 'delegation.create')?.after).toMatchObject({
    toMemberId: 'gone',
  });
});

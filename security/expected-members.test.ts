import { useLocalCloud } from '../testing/cloud';
import type { TDisplayCodeOutput } from '../types/activity';
import type { TRosterOutput } from '../types/attendance';
import type { TAudienceOutput } from '../types/reminder';
import { addBranch, addMember, DAY, helpers, MIN } from './fixtures';

/**
 * Regression (security/REVIEW.md S-5): `expectedMemberIds` was stored unchecked and trusted by the
 * attendance rule, so branch A's secretary could invite branch B's members into A's activity, then
 * 补录 them, read their names in the reminder audience and spend their reminder credits. Now
 * create/update refuse any id that is not an active member of the activity's branch
 * (INVALID_ARGUMENT naming `payload.expectedMemberIds.<i>`), and a list stored before that check
 * never reaches another branch (manualAdd, roster, check-in, reminders).
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();

const { call, ok, dump, doc } = helpers(cloud);

const plan = (extra: Record<string, unknown> = {}) => ({
  branchId: 'bA',
  type: 'theme_day',
  title: '主题党日',
  startAt: t0 + DAY,
  endAt: t0 + DAY + 60 * MIN,
  checkin: { proof: 'rotating', approval: 'auto' },
  ...extra,
});

beforeAll(async () => {
  for (const id of ['bA', 'bB']) await addBranch(cloud, t0, id, `支部${id}`);
  await addMember(cloud, t0, 'secA', { branchId: 'bA', roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'memA', { branchId: 'bA' });
  await addMember(cloud, t0, 'pendA', { branchId: 'bA', status: 'pending' });
  await addMember(cloud, t0, 'secB', { branchId: 'bB', roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'memB', { branchId: 'bB' });
}, 60_000);

it('create: an id of another branch, a pending member or an unknown id → INVALID_ARGUMENT naming each entry', async () => {
  const before = JSON.stringify([await dump('activities'), await dump('audit')]);
  const r = await call(
    'activity',
    'create',
    plan({ expectedMemberIds: ['memA', 'memB', 'pendA', 'nobody'] }),
    'secA',
  );
  expect(r.ok ? null : r.error).toMatchObject({
    code: 'INVALID_ARGUMENT',
    details: {
      fields: [
        { path: 'payload.expectedMemberIds.1' },
        { path: 'payload.expectedMemberIds.2' },
        { path: 'payload.expectedMemberIds.3' },
      ],
    },
  });
  expect(JSON.stringify([await dump('activities'), await dump('audit')])).toBe(before);
  // the branch's own active members are fine
  const { id } = await ok<{ id: string }>(
    'activity',
    'create',
    plan({ expectedMemberIds: ['memA'] }),
    'secA',
  );
  expect((await doc('activities', id))?.expectedMemberIds).toEqual(['memA']);
});

it('update: a foreign id → INVALID_ARGUMENT, the activity unchanged', async () => {
  const { id } = await ok<{ id: string }>(
    'activity',
    'create',
    plan({ expectedMemberIds: ['memA'] }),
    'secA',
  );
  const stored = JSON.stringify(await doc('activities', id));
  const r = await call('activity', 'update', { activityId: id, expectedMemberIds: ['memB'] }, 'secA');
  expect(r.ok ? null : r.error).toMatchObject({
    code: 'INVALID_ARGUMENT',
    details: { fields: [{ path: 'payload.expectedMemberIds.0' }] },
  });
  expect(JSON.stringify(await doc('activities', id))).toBe(stored);
  expect(
    (await ok<{ id: string }>('activity', 'update', { activityId: id, expectedMemberIds: [] }, 'secA')).id,
  ).toBe(id);
  expect((await doc('activities', id))?.expectedMemberIds).toEqual([]);
});

describe('an old activity whose stored list names a member of another branch', () => {
  let old = '';
  beforeAll(async () => {
    // created through the API, then the list rewritten as data stored before the check could hold it
    old = (
      await ok<{ id: string }>(
        'activity',
        'create',
        plan({
          startAt: t0 - 5 * MIN,
          endAt: t0 + 90 * MIN,
          checkin: { proof: 'rotating', approval: 'auto' },
        }),
        'secA',
      )
    ).id;
    await cloud
      .db()
      .collection('activities')
      .doc(old)
      .update({ expectedMemberIds: ['memA', 'memB'] });
    await ok('reminder', 'subscribe', { accepted: ['meetingReminder'] }, 'memB');
  });

  it('manualAdd of that member → NOT_EXPECTED, nothing written', async () => {
    const before = JSON.stringify([await dump('checkins'), await dump('audit')]);
    const r = await call(
      'attendance',
      'manualAdd',
      { activityId: old, memberId: 'memB', reason: 'x' },
      'secA',
    );
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_EXPECTED');
    expect(JSON.stringify([await dump('checkins'), await dump('audit')])).toBe(before);
    expect(await doc('checkins', `${old}:memB`)).toBeNull();
  });

  it('the roster and the reminder audience do not list them; a nudge sends them nothing', async () => {
    const roster = await ok<TRosterOutput>('attendance', 'roster', { activityId: old }, 'secA');
    expect(roster.expected.map((e) => e.memberId)).toEqual(['memA']);
    const audience = await ok<TAudienceOutput>('reminder', 'audience', { activityId: old }, 'secA');
    expect(JSON.stringify(audience)).not.toContain('memB');
    const credits = JSON.stringify((await dump('credits')).filter((c) => JSON.stringify(c).includes('memB')));
    const outbox = (await cloud.outbox()).length;
    await call('reminder', 'nudge', { activityId: old }, 'secA');
    expect(JSON.stringify(await cloud.outbox())).not.toContain('o_memB');
    expect((await cloud.outbox()).length).toBeGreaterThanOrEqual(outbox);
    expect((await dump('reminders')).filter((r) => r.memberId === 'memB')).toEqual([]);
    expect(JSON.stringify((await dump('credits')).filter((c) => JSON.stringify(c).includes('memB')))).toBe(
      credits,
    );
  });

  it('that member checking in with the live code → NOT_EXPECTED, no record', async () => {
    const live = await ok<TDisplayCodeOutput>('activity', 'displayCode', { activityId: old }, 'secA');
    const r = await call('checkin', 'checkIn', { code: live.code, nonce: `em${process.pid}xxxxxx` }, 'memB');
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_EXPECTED');
    expect(await doc('checkins', `${old}:memB`)).toBeNull();
  });
});

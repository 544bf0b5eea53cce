import { useLocalCloud } from '../testing/cloud';
import type { TDisplayCodeOutput } from '../types/activity';
import { addBranch, addMember, helpers, MIN } from './fixtures';

/**
 * Regression (security/REVIEW.md S-11): `member.myData` answered the caller's raw check-in
 * documents, whose evidence names the OTHER members who used the same phone or coordinates
 * (`devicePeers`, `coordinatePeers`) — other people's ids in a personal-data access answer.
 */
const cloud = useLocalCloud();
const t0 = Date.now();

const { ok: call } = helpers(cloud);

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  for (const [id, roles] of [
    ['secA', ['member', 'secretary']],
    ['firstPeerXyz', ['member']],
    ['me', ['member']],
  ] as const) {
    await addMember(cloud, t0, id, { name: id, roles: [...roles], boundAt: t0 - 60 * MIN });
  }
}, 60_000);

it('myData keeps the check-in but answers no other member’s id from its evidence', async () => {
  const a = await call<{ id: string }>(
    'activity',
    'create',
    {
      branchId: 'bA',
      type: 'theme_day',
      title: '主题党日',
      startAt: t0 - 5 * MIN,
      endAt: t0 + 60 * MIN,
      checkin: { proof: 'rotating', approval: 'risk' },
    },
    'secA',
  );
  const code = await call<TDisplayCodeOutput>('activity', 'displayCode', { activityId: a.id }, 'secA');
  const shared = { deviceId: 'phone-1', location: { lat: 30.1, lng: 120.1, accuracy: 10 } };
  await call(
    'checkin',
    'checkIn',
    { code: code.code, nonce: `pa${process.pid}xxxxx`, ...shared },
    'firstPeerXyz',
  );
  const mine = await call<{ flags: string[] }>(
    'checkin',
    'checkIn',
    { code: code.code, nonce: `pb${process.pid}xxxxx`, ...shared },
    'me',
  );
  expect(mine.flags).toEqual(expect.arrayContaining(['device_shared', 'same_coordinates']));

  const data = await call<{ records: { checkins: { _id: string; evidence: Record<string, unknown> }[] } }>(
    'member',
    'myData',
    {},
    'me',
  );
  expect(data.records.checkins).toHaveLength(1);
  expect(data.records.checkins[0]._id).toBe(`${a.id}:me`);
  expect(data.records.checkins[0].evidence).toMatchObject({ devicePeerCount: 1, coordinatePeerCount: 1 });
  expect(JSON.stringify(data)).not.toContain('firstPeerXyz');
});

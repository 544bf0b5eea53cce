import { useLocalCloud } from '../testing/cloud';
import type { TDisplayCodeOutput } from '../types/activity';
import type { Envelope } from '../types/envelope';

/**
 * Regression (security/REVIEW.md S-11): `member.myData` answered the caller's raw check-in
 * documents, whose evidence names the OTHER members who used the same phone or coordinates
 * (`devicePeers`, `coordinatePeers`) — other people's ids in a personal-data access answer.
 */
const cloud = useLocalCloud();
const t0 = Date.now();
const MIN = 60_000;

async function call<T>(fn: string, action: string, payload: unknown, who: string): Promise<T> {
  const r: Envelope<T> = await cloud.call<T>(fn, { action, payload }, `o_${who}`);
  if (!r.ok) throw new Error(`${fn}.${action} as ${who}: ${JSON.stringify(r.error)}`);
  return r.data;
}

beforeAll(async () => {
  const db = cloud.db();
  await db
    .collection('branches')
    .add({ _id: 'bA', name: '内科', college: 'x', createdAt: t0, updatedAt: t0 });
  for (const [id, roles] of [
    ['secA', ['member', 'secretary']],
    ['firstPeerXyz', ['member']],
    ['me', ['member']],
  ] as const) {
    await db.collection('members').add({
      _id: id,
      branchId: 'bA',
      name: id,
      staffNo: id.toUpperCase(),
      phone: null,
      openid: `o_${id}`,
      status: 'active',
      roles,
      boundAt: t0 - 60 * MIN,
      createdAt: t0,
      updatedAt: t0,
    });
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

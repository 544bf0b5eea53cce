import { useLocalCloud } from '../testing/cloud';
import type { TDisplayCodeOutput } from '../types/activity';
import { addBranch, addMember, helpers, MIN } from './fixtures';

/**
 * Regression (security/REVIEW.md S-20): `member.myData` answered the raw check-in evidence —
 * `radiusM` and `distanceM` to sub-metre precision, and `checkoutEvidence.distanceM` — from which a
 * few readings locate the fence centre that `activity.get` deliberately hides (S-3). Every output
 * that carries check-in evidence to a member now carries distances coarsely (100 m steps, 1 km
 * beyond 1 km) and never the radius; the branch's staff keep metres in their review queue.
 */
const cloud = useLocalCloud();
const t0 = Date.now();
const { ok } = helpers(cloud);
const LAB = { lat: 30.2741, lng: 120.1551 };

let activityId = '';

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  await addMember(cloud, t0, 'secA', { roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'me');
  await addMember(cloud, t0, 'far');
  await addMember(cloud, t0, 'del');
  const site = await ok<{ id: string }>(
    'activity',
    'createSite',
    { branchId: 'bA', name: '实验室 A301', kind: 'lab', location: LAB, radiusM: 80 },
    'secA',
  );
  activityId = (
    await ok<{ id: string }>(
      'activity',
      'create',
      {
        branchId: 'bA',
        type: 'theme_day',
        title: '主题党日',
        siteId: site.id,
        startAt: t0 - 20 * MIN,
        endAt: t0 + 60 * MIN,
        checkin: { proof: 'rotating', approval: 'risk', checkOut: true },
      },
      'secA',
    )
  ).id;
}, 60_000);

/** Every number under a key named like a distance or a radius, anywhere in `v`. */
function geometry(v: unknown, out: [string, number][] = [], key = ''): [string, number][] {
  if (typeof v === 'number' && /distance|radius/i.test(key)) out.push([key, v]);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) geometry(x, out, k);
  return out;
}

it('myData shows the member their check-in and check-out without the fence’s geometry', async () => {
  const code = await ok<TDisplayCodeOutput>('activity', 'displayCode', { activityId }, 'secA');
  // 37 m north of the centre (inside), then 1.3 km away at check-out
  const inside = { lat: LAB.lat + 0.000333, lng: LAB.lng, accuracy: 10 };
  await ok(
    'checkin',
    'checkIn',
    { code: code.code, nonce: `fl${process.pid}aaaaaa`, location: inside },
    'me',
  );
  const away = { lat: LAB.lat + 0.0117, lng: LAB.lng, accuracy: 10 };
  await ok('checkin', 'checkOut', { activityId, nonce: `fl${process.pid}bbbbbb`, location: away }, 'me');

  const data = await ok<{ records: { checkins: Record<string, unknown>[] } }>('member', 'myData', {}, 'me');
  expect(data.records.checkins).toHaveLength(1);
  const found = geometry(data);
  expect(found.map(([k]) => k)).not.toContain('radiusM');
  for (const [k, v] of found) {
    expect([k, v % 100]).toEqual([k, 0]);
  }
  // still the member's own data: the check-in, its own location, and how far (coarsely) they were
  const c = data.records.checkins[0] as {
    evidence: Record<string, unknown>;
    checkoutEvidence: Record<string, unknown>;
  };
  expect(c.evidence).toMatchObject({
    location: expect.objectContaining({ lat: inside.lat }),
    distanceM: 100,
  });
  expect(c.checkoutEvidence).toMatchObject({ distanceM: 2000 });
});

it('a delegate’s review queue shows distances coarsely; the secretary’s shows metres', async () => {
  const code = await ok<TDisplayCodeOutput>('activity', 'displayCode', { activityId }, 'secA');
  const out = { lat: LAB.lat + 0.00283, lng: LAB.lng, accuracy: 10 }; // ≈ 315 m: outside → pending
  await ok('checkin', 'checkIn', { code: code.code, nonce: `fl${process.pid}cccccc`, location: out }, 'far');
  await ok(
    'attendance',
    'delegate',
    { branchId: 'bA', toMemberId: 'del', from: t0 - MIN, to: t0 + 60 * MIN },
    'secA',
  );
  type Q = { memberId: string; evidence?: { distanceM?: number } }[];
  const forSecretary = await ok<Q>('attendance', 'queue', { activityId }, 'secA');
  const forDelegate = await ok<Q>('attendance', 'queue', { activityId }, 'del');
  const metres = forSecretary.find((i) => i.memberId === 'far')?.evidence?.distanceM;
  expect(metres).toBeGreaterThan(250);
  expect(metres! % 100).not.toBe(0);
  expect(forDelegate.find((i) => i.memberId === 'far')?.evidence?.distanceM).toBe(
    Math.ceil(metres! / 100) * 100,
  );
});

import { useLocalCloud } from '../testing/cloud';
import type { Envelope } from '../types/envelope';
import { addBranch, addMember, DAY, fingerprint as fingerprintOf } from './fixtures';

/**
 * Hostile input through the gateway as raw JSON text (so `__proto__` keys, 1e400 = Infinity and
 * huge arrays reach the function exactly as a client could send them). Every case must answer
 * INVALID_ARGUMENT naming the field, never INTERNAL, and write nothing.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });

const t0 = Date.now();
const COLLECTIONS = [
  'members',
  'branches',
  'bindings',
  'activities',
  'sites',
  'checkins',
  'requests',
  'audit',
];

const fingerprint = () => fingerprintOf(cloud, COLLECTIONS);

async function raw(fn: string, body: string, openid: string): Promise<Envelope<unknown>> {
  const res = await fetch(`${cloud.url}/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': openid },
    body,
  });
  return (await res.json()) as Envelope<unknown>;
}

const ev = (action: string, payloadJson: string) =>
  `{"action":${JSON.stringify(action)},"payload":${payloadJson}}`;
const many = (n: number, item: string) => `[${Array.from({ length: n }, () => item).join(',')}]`;
const big = (n: number) => JSON.stringify('x'.repeat(n));

let activityId = '';

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA', '内科', '医学院');
  for (const [id, roles] of [
    ['secA', ['member', 'secretary']],
    ['memA', ['member']],
  ] as const) {
    await addMember(cloud, t0, id, { name: id, roles: [...roles] });
  }
  const r = await raw(
    'activity',
    ev(
      'create',
      JSON.stringify({
        branchId: 'bA',
        type: 'theme_day',
        title: '主题党日',
        startAt: t0 + DAY,
        endAt: t0 + DAY + 3_600_000,
        checkin: { proof: 'rotating', approval: 'auto' },
      }),
    ),
    'o_secA',
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  activityId = (r.data as { id: string }).id;
}, 60_000);

type Case = [label: string, fn: string, who: string, body: () => string, field: string];
const cases: Case[] = [
  // event shape
  ['action is a prototype key', 'member', 'secA', () => `{"action":"constructor"}`, 'action'],
  ['action __proto__', 'member', 'secA', () => `{"action":"__proto__"}`, 'action'],
  ['action hasOwnProperty', 'attendance', 'secA', () => `{"action":"hasOwnProperty"}`, 'action'],
  ['action is a number', 'member', 'secA', () => `{"action":5}`, 'action'],
  ['event is an array', 'member', 'secA', () => `[1,2]`, 'action'],
  ['payload is an array', 'member', 'secA', () => ev('listMembers', '["bA"]'), 'payload'],
  ['payload is a string', 'member', 'secA', () => ev('listMembers', '"bA"'), 'payload'],
  // member
  [
    '__proto__ key',
    'member',
    'boot',
    () => ev('createBranch', '{"name":"新支部","__proto__":{"x":1}}'),
    'payload.__proto__',
  ],
  [
    'constructor key',
    'member',
    'boot',
    () => ev('createBranch', '{"name":"新支部","constructor":{"x":1}}'),
    'payload.constructor',
  ],
  ['huge name', 'member', 'boot', () => ev('createBranch', `{"name":${big(100_000)}}`), 'payload.name'],
  ['name of wrong type', 'member', 'boot', () => ev('createBranch', '{"name":123}'), 'payload.name'],
  [
    'unknown role',
    'member',
    'boot',
    () => ev('setRoles', '{"memberId":"memA","roles":["root"]}'),
    'payload.roles.0',
  ],
  [
    'too many roles',
    'member',
    'boot',
    () => ev('setRoles', `{"memberId":"memA","roles":${many(50, '"admin"')}}`),
    'payload.roles',
  ],
  [
    'import 5,001 rows',
    'member',
    'secA',
    () => ev('importRoster', `{"branchId":"bA","rows":${many(5001, '{"name":"甲","staffNo":"S1"}')}}`),
    'payload.rows',
  ],
  [
    'import row extra key',
    'member',
    'secA',
    () => ev('importRoster', '{"branchId":"bA","rows":[{"name":"甲","staffNo":"S1","admin":true}]}'),
    'payload.rows.0.admin',
  ],
  ['import with no source', 'member', 'secA', () => ev('importRoster', '{"branchId":"bA"}'), 'payload.rows'],
  ['bind with null name', 'member', 'memA', () => ev('bind', '{"name":null,"staffNo":"S1"}'), 'payload.name'],
  [
    'listMembers branchId array',
    'member',
    'secA',
    () => ev('listMembers', '{"branchId":["bA"]}'),
    'payload.branchId',
  ],
  [
    'listMembers bad status',
    'member',
    'secA',
    () => ev('listMembers', '{"branchId":"bA","status":{"$ne":null}}'),
    'payload.status',
  ],
  // activity
  [
    'negative startAt',
    'activity',
    'secA',
    () =>
      ev(
        'create',
        `{"branchId":"bA","type":"theme_day","title":"x","startAt":-1,"endAt":${t0},"checkin":{"proof":"rotating","approval":"auto"}}`,
      ),
    'payload.startAt',
  ],
  [
    'Infinity endAt',
    'activity',
    'secA',
    () =>
      ev(
        'create',
        `{"branchId":"bA","type":"theme_day","title":"x","startAt":${t0},"endAt":1e400,"checkin":{"proof":"rotating","approval":"auto"}}`,
      ),
    'payload.endAt',
  ],
  [
    'fractional startAt',
    'activity',
    'secA',
    () =>
      ev(
        'create',
        `{"branchId":"bA","type":"theme_day","title":"x","startAt":1.5,"endAt":${t0},"checkin":{"proof":"rotating","approval":"auto"}}`,
      ),
    'payload.startAt',
  ],
  [
    'bogus ISO date',
    'activity',
    'secA',
    () =>
      ev(
        'create',
        `{"branchId":"bA","type":"theme_day","title":"x","startAt":"2026-99-99T99:00","endAt":${t0},"checkin":{"proof":"rotating","approval":"auto"}}`,
      ),
    'payload.startAt',
  ],
  [
    'code period 0',
    'activity',
    'secA',
    () =>
      ev(
        'create',
        `{"branchId":"bA","type":"theme_day","title":"x","startAt":${t0 + DAY},"endAt":${t0 + 2 * DAY},"checkin":{"proof":"rotating","approval":"auto","codePeriodSec":0}}`,
      ),
    'payload.checkin.codePeriodSec',
  ],
  [
    '2,001 expected members',
    'activity',
    'secA',
    () =>
      ev(
        'create',
        `{"branchId":"bA","type":"theme_day","title":"x","startAt":${t0 + DAY},"endAt":${t0 + 2 * DAY},"checkin":{"proof":"rotating","approval":"auto"},"expectedMemberIds":${many(2001, '"m"')}}`,
      ),
    'payload.expectedMemberIds',
  ],
  [
    'checkin extra key',
    'activity',
    'secA',
    () =>
      ev(
        'create',
        `{"branchId":"bA","type":"theme_day","title":"x","startAt":${t0 + DAY},"endAt":${t0 + 2 * DAY},"checkin":{"proof":"rotating","approval":"auto","secret":"AAAA"}}`,
      ),
    'payload.checkin.secret',
  ],
  [
    'negative radius',
    'activity',
    'secA',
    () =>
      ev(
        'createSite',
        '{"branchId":"bA","name":"x","kind":"lab","location":{"lat":30,"lng":120},"radiusM":-5}',
      ),
    'payload.radiusM',
  ],
  [
    'latitude 91',
    'activity',
    'secA',
    () =>
      ev(
        'createSite',
        '{"branchId":"bA","name":"x","kind":"lab","location":{"lat":91,"lng":120},"radiusM":50}',
      ),
    'payload.location.lat',
  ],
  [
    'latitude as string',
    'activity',
    'secA',
    () =>
      ev(
        'createSite',
        '{"branchId":"bA","name":"x","kind":"lab","location":{"lat":"30","lng":120},"radiusM":50}',
      ),
    'payload.location.lat',
  ],
  [
    'update with secret',
    'activity',
    'secA',
    () => ev('update', `{"activityId":"${activityId}","secret":"AAAA"}`),
    'payload.secret',
  ],
  // checkin
  [
    'short nonce',
    'checkin',
    'memA',
    () => ev('checkIn', '{"code":"r1.a.1.AAAAAAAAAAAA","nonce":"abc"}'),
    'payload.nonce',
  ],
  [
    'huge code',
    'checkin',
    'memA',
    () => ev('checkIn', `{"code":${big(100_000)},"nonce":"abcdefgh"}`),
    'payload.code',
  ],
  [
    'negative accuracy',
    'checkin',
    'memA',
    () => ev('checkIn', '{"code":"s.abcd","nonce":"abcdefgh","location":{"lat":30,"lng":120,"accuracy":-1}}'),
    'payload.location.accuracy',
  ],
  [
    'Infinity scannedAt',
    'checkin',
    'memA',
    () => ev('checkIn', '{"code":"s.abcd","nonce":"abcdefgh","scannedAt":1e400}'),
    'payload.scannedAt',
  ],
  [
    'memberId smuggled into checkIn',
    'checkin',
    'memA',
    () => ev('checkIn', '{"code":"s.abcd","nonce":"abcdefgh","memberId":"secA"}'),
    'payload.memberId',
  ],
  // attendance
  [
    'review 201 items',
    'attendance',
    'secA',
    () => ev('review', `{"items":${many(201, '{"id":"x","decision":"approve"}')}}`),
    'payload.items',
  ],
  ['review no items', 'attendance', 'secA', () => ev('review', '{"items":[]}'), 'payload.items'],
  [
    'review bad decision',
    'attendance',
    'secA',
    () => ev('review', '{"items":[{"id":"x","decision":"maybe"}]}'),
    'payload.items.0.decision',
  ],
  [
    'stats words for time',
    'attendance',
    'secA',
    () => ev('stats', '{"from":"yesterday","to":"today"}'),
    'payload.from',
  ],
  [
    'stats inverted range',
    'attendance',
    'secA',
    () => ev('stats', `{"from":${t0},"to":${t0 - 1}}`),
    'payload.to',
  ],
  [
    '31 agenda items',
    'attendance',
    'secA',
    () => ev('saveMinutes', `{"activityId":"${activityId}","agenda":${many(31, '"议题"')}}`),
    'payload.agenda',
  ],
  [
    'leave with a 10 kB reason',
    'attendance',
    'memA',
    () => ev('requestLeave', `{"activityId":"${activityId}","reason":${big(10_000)}}`),
    'payload.reason',
  ],
  ['queue limit 0', 'attendance', 'secA', () => ev('queue', '{"limit":0}'), 'payload.limit'],
  ['queue limit NaN-ish', 'attendance', 'secA', () => ev('queue', '{"limit":"NaN"}'), 'payload.limit'],
  // reminder
  [
    'subscribe not an array',
    'reminder',
    'memA',
    () => ev('subscribe', '{"accepted":"meetingReminder"}'),
    'payload.accepted',
  ],
  [
    'subscribe unknown key',
    'reminder',
    'memA',
    () => ev('subscribe', '{"accepted":["x"]}'),
    'payload.accepted.0',
  ],
];

describe('hostile input → INVALID_ARGUMENT naming the field, nothing written', () => {
  cases.forEach(([label, fn, who, body, field], i) => {
    it(`#${i} ${fn}: ${label}`, async () => {
      const before = await fingerprint();
      const r = await raw(fn, body(), `o_${who}`);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('INVALID_ARGUMENT');
      const paths = ((r.error.details as { fields?: { path: string }[] })?.fields ?? []).map((f) => f.path);
      expect(paths).toContain(field);
      expect(await fingerprint()).toBe(before);
    });
  });

  it('a timer event sent by a member is refused (only the platform fires timers)', async () => {
    const r = await raw('reminder', '{"Type":"Timer","TriggerName":"dispatch"}', 'o_memA');
    expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
  });

  it('an x-openid that is not an openid is anonymous', async () => {
    const r = await raw('member', ev('me', '{}'), 'o_boot,o_x');
    expect(r.ok ? 'ok' : r.error.code).toBe('UNAUTHENTICATED');
  });
});

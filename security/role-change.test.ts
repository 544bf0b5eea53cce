import { useLocalCloud } from '../testing/cloud';
import { addBranch, addMember, codeOf, DAY, helpers, MIN } from './fixtures';

/**
 * The authorisation matrix for the paths that change who may act (security/REVIEW.md S-19, S-21):
 * `setRoles`, `unbind` and `revokeDelegation`. For each change, what every affected person may do
 * BEFORE and AFTER it, through the gateway: the role-holder themself, the delegate they lent their
 * power to, and whoever holds the row next. A cell is 'ok' or the refusal code.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const { call, ok } = helpers(cloud);

let activityId = '';
let leaveId = '';

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  for (const [id, roles] of [
    ['s1', ['member', 'secretary']],
    ['s2', ['member', 'secretary']],
    ['s3', ['member', 'secretary']],
    ['d1', ['member']],
    ['d2', ['member']],
    ['d3', ['member']],
    ['m', ['member']],
  ] as const) {
    await addMember(cloud, t0, id, {
      roles: [...roles],
      staffNo: `RC${id.toUpperCase()}`,
      name: `成员${id}`,
    });
  }
  activityId = (
    await ok<{ id: string }>(
      'activity',
      'create',
      {
        branchId: 'bA',
        type: 'group_meeting',
        title: '党小组会',
        startAt: t0 + 2 * DAY,
        endAt: t0 + 2 * DAY + 60 * MIN,
        checkin: { proof: 'rotating', approval: 'manual' },
      },
      's1',
    )
  ).id;
  leaveId = (await ok<{ id: string }>('attendance', 'requestLeave', { activityId, reason: '出差' }, 'm')).id;
}, 60_000);

type Probe = [label: string, fn: string, action: string, payload: () => unknown];
const PROBES: Probe[] = [
  ['queue', 'attendance', 'queue', () => ({ branchId: 'bA' })],
  ['roster', 'attendance', 'roster', () => ({ activityId })],
  ['audience', 'reminder', 'audience', () => ({ activityId })],
  ['delegate', 'attendance', 'delegate', () => ({ branchId: 'bA', toMemberId: 'm', from: t0, to: t0 + DAY })],
  // a reject without a reason is refused by the rule AFTER authorisation: INVALID_ARGUMENT means
  // "allowed to decide this item", FORBIDDEN "may not review" — and nothing is written either way
  ['review', 'attendance', 'review', () => ({ items: [{ id: leaveId, decision: 'reject' }] })],
];

/** One cell per probe: 'ok' / the error code; review answers per item. */
async function row(who: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [label, fn, action, payload] of PROBES) {
    const r = await call<{ ok: boolean; code?: string }[]>(fn, action, payload(), who);
    out[label] = label === 'review' && r.ok ? (r.data[0].ok ? 'ok' : (r.data[0].code ?? '?')) : codeOf(r);
  }
  return out;
}

const STAFF = { queue: 'ok', roster: 'ok', audience: 'ok', delegate: 'ok', review: 'INVALID_ARGUMENT' };
const DELEGATE = {
  queue: 'ok',
  roster: 'ok',
  audience: 'FORBIDDEN',
  delegate: 'FORBIDDEN',
  review: 'INVALID_ARGUMENT',
};
const MEMBER = {
  queue: 'FORBIDDEN',
  roster: 'FORBIDDEN',
  audience: 'FORBIDDEN',
  delegate: 'FORBIDDEN',
  review: 'FORBIDDEN',
};
const NOBODY = {
  queue: 'NOT_BOUND',
  roster: 'NOT_BOUND',
  audience: 'NOT_BOUND',
  delegate: 'NOT_BOUND',
  review: 'NOT_BOUND',
};

const lend = (from: string, to: string) =>
  ok<{ id: string }>(
    'attendance',
    'delegate',
    { branchId: 'bA', toMemberId: to, from: t0 - MIN, to: t0 + 30 * DAY },
    from,
  );

it('setRoles: the ex-secretary and their delegate both fall back to member', async () => {
  await lend('s1', 'd1');
  expect({ s1: await row('s1'), d1: await row('d1') }).toEqual({ s1: STAFF, d1: DELEGATE });
  await ok('member', 'setRoles', { memberId: 's1', roles: ['member'] }, 'boot');
  expect({ s1: await row('s1'), d1: await row('d1') }).toEqual({ s1: MEMBER, d1: MEMBER });
});

it('unbind: the old account is nobody, the delegate falls back, the next holder starts as a member', async () => {
  await lend('s2', 'd2');
  expect({ s2: await row('s2'), d2: await row('d2') }).toEqual({ s2: STAFF, d2: DELEGATE });
  await ok('member', 'unbind', { memberId: 's2', reason: '更换手机' }, 'boot');
  expect({ s2: await row('s2'), d2: await row('d2') }).toEqual({ s2: NOBODY, d2: MEMBER });
  // the row is a plain member row now: its own branch secretary may approve the next holder
  await ok('member', 'bind', { name: '成员s2', staffNo: 'RCS2' }, 'next');
  await ok('member', 'reviewBinding', { memberId: 's2', decision: 'approve' }, 's3');
  expect(await row('next')).toEqual(MEMBER);
});

it('revokeDelegation: the delegate falls back to member, the secretary keeps their own power', async () => {
  const d = await lend('s3', 'd3');
  expect({ s3: await row('s3'), d3: await row('d3') }).toEqual({ s3: STAFF, d3: DELEGATE });
  await ok('attendance', 'revokeDelegation', { delegationId: d.id }, 's3');
  expect({ s3: await row('s3'), d3: await row('d3') }).toEqual({ s3: STAFF, d3: MEMBER });
});

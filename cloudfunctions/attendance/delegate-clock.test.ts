import { useLocalCloud } from '../../testing/cloud';
import * as T from '../../types/attendance';
import { resolveCaller } from '../core/auth/caller';
import type { Policy } from '../core/auth/policy';
import { collection } from '../core/repos/db';
import { action, definePartialFunction, type Main } from '../core/router';
import { queue } from './actions/queue';
import { review } from './actions/review';
import { definition } from './index';

/**
 * Regression (security/REVIEW.md S-13): the delegate grant in the policy (`isActiveDelegate`) read
 * the wall clock, while the handler decided by the invocation's `now`. The policy now gets the
 * router's `now` too. Driven in this process against the local cloud, through the router with a
 * clock of our choosing and attendance's own `queue`/`review` policies: a delegation is judged at
 * the invocation's instant — active in its range, not before it starts, not after it ends — even when
 * the wall clock says otherwise.
 */
const cloud = useLocalCloud();
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const wall = Date.now();
const future = { from: wall + 10 * DAY, to: wall + 10 * DAY + HOUR }; // not active by the wall clock
const current = { from: wall - HOUR, to: wall + HOUR }; // active by the wall clock

/** The policy attendance declares for an action (typed for that action's payload). */
const policyOf = <P>(name: string) =>
  definition.actions.find((a) => a.name === name)!.policy as unknown as Policy<P>;

/** attendance's queue and review, with their real policies and handlers, on a clock we set. */
function attendanceAt(now: number): Main {
  return definePartialFunction(
    {
      name: 'attendance',
      actions: {
        queue: action({ input: T.ZQueueInput, policy: policyOf<T.TQueueInput>('queue'), handler: queue }),
        review: action({
          input: T.ZReviewInput,
          policy: policyOf<T.TReviewInput>('review'),
          handler: review,
        }),
      },
    },
    { now: () => now, resolveCaller: (openid) => resolveCaller(openid) },
  ).main;
}
const ctx = (openid: string) => ({
  request_id: 'req-s13',
  environment: JSON.stringify({ WX_OPENID: openid, WX_CONTEXT_KEYS: 'WX_OPENID' }),
});
async function codeAt(now: number, who: string, action = 'queue', payload: unknown = { branchId: 'bA' }) {
  const r = await attendanceAt(now)({ action, payload }, ctx(`o_${who}`));
  return r.ok ? 'ok' : r.error.code;
}

beforeAll(async () => {
  cloud.app(); // points this process's SDK (core/sdk.ts) at the local cloud
  await collection('branches').add({
    _id: 'bA',
    name: '内科',
    college: 'x',
    createdAt: wall,
    updatedAt: wall,
  });
  const row = (id: string, roles: string[]) => ({
    _id: id,
    branchId: 'bA',
    name: `成员${id}`,
    staffNo: id.toUpperCase(),
    phone: null,
    openid: `o_${id}`,
    status: 'active',
    roles,
    boundAt: wall - 100 * DAY,
    createdAt: wall,
    updatedAt: wall,
  });
  for (const [id, roles] of [
    ['secA', ['member', 'secretary']],
    ['dFuture', ['member']],
    ['dNow', ['member']],
  ] as const) {
    await collection('members').add(row(id, [...roles]));
  }
  const delegation = (id: string, toMemberId: string, range: { from: number; to: number }) => ({
    _id: id,
    branchId: 'bA',
    fromMemberId: 'secA',
    toMemberId,
    ...range,
    reason: null,
    revokedAt: null,
    createdAt: wall,
    createdBy: 'secA',
  });
  await collection('delegations').add(delegation('dl-future', 'dFuture', future));
  await collection('delegations').add(delegation('dl-now', 'dNow', current));
});

it('a delegation that starts later grants the queue at an invocation inside its range, not before', async () => {
  expect(await codeAt(future.from + 60_000, 'dFuture')).toBe('ok');
  expect(await codeAt(future.from - 1, 'dFuture')).toBe('FORBIDDEN');
  expect(await codeAt(future.to, 'dFuture')).toBe('FORBIDDEN');
});

it('a delegation active by the wall clock grants nothing to an invocation after its end', async () => {
  expect(await codeAt(current.to + 1, 'dNow')).toBe('FORBIDDEN');
  expect(
    await codeAt(current.to + 1, 'dNow', 'review', {
      items: [{ id: 'x:y', decision: 'approve' }],
    }),
  ).toBe('FORBIDDEN');
  expect(await codeAt(current.to - 1, 'dNow')).toBe('ok');
  // the secretary is not time-bound
  expect(await codeAt(current.to + 1, 'secA')).toBe('ok');
  // nothing was written by any of these calls
  expect((await collection('audit').limit(10).get()).data).toEqual([]);
});

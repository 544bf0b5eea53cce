import { useLocalCloud } from '../testing/cloud';
import { codeOf } from './fixtures';

/**
 * Regression (security/REVIEW.md S-24): `POST /fn/reminder` with `{"Type":"Timer","TriggerName":
 * "dispatch"}` and no `x-openid` (or a malformed one, which reads as none) ran the reminder
 * dispatch: the router took "no caller" to mean "the platform". A timer is now recognised only by
 * the trigger source the platform sets for timer invocations (`TRIGGER_SRC=timer` in the
 * invocation's environment: @cloudbase/node-sdk src/utils/wxCloudToken.ts picks the timer token by
 * it), which the local cloud sets for its own timers and never for a gateway call.
 */
const cloud = useLocalCloud();
const TIMER = { Type: 'Timer', TriggerName: 'dispatch', Time: '2026-12-01T00:00:00Z', Message: '' };

it.each([
  ['no caller', undefined],
  ['a malformed openid (read as none)', 'not an openid!'],
  ['a member', 'o_member'],
])('a timer-shaped event through the gateway from %s runs nothing', async (_what, openid) => {
  const r = await cloud.call('reminder', TIMER, openid);
  expect(r.ok).toBe(false);
  expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(codeOf(r));
  expect(JSON.stringify(r)).not.toMatch(/"sent"/);
});

it('the platform’s own timer still runs the dispatch', async () => {
  const fired = await cloud.fireTimer<{ ok: boolean; data?: unknown }>('reminder', 'dispatch');
  expect(fired.result).toMatchObject({
    ok: true,
    data: expect.objectContaining({ sent: expect.any(Number) }),
  });
});

/**
 * One meeting's timeline on the local cloud's clock (issue 11), end to end through the gateway:
 * leave before the start, the check-in window, the rotating code across its windows, make-up after
 * the window and its end. The clock only moves forward (POST /__clock), so the steps run in time
 * order; each checks the answer's code and what the database holds afterwards.
 *
 * Meeting at S (a 5-minute mark three days from now), window [S − 30 min, S + 30 min], make-up
 * (S + 30 min, S + 30 min + 3 days], rotating code every 15 s (accepted in its window and the next).
 */
import { useLocalCloud } from '../../testing/cloud';
import { DAY, HOUR, MINUTE } from '../../testing/clock';
import { addMeetingBranch, allWhere } from '../../testing/fixtures';
import type { TDisplayCodeOutput } from '../../types/activity';
import type { TCheckInOutput } from '../../types/checkin';
import { mintCode } from '../core/domain/rotating-code';

const cloud = useLocalCloud();

const S = Math.ceil((Date.now() + 3 * DAY) / (5 * MINUTE)) * 5 * MINUTE;
const CLOSES = S + 30 * MINUTE;
const PERIOD = 15_000;

const leave = (who: string) =>
  cloud.call<{ id: string; status: string }>(
    'attendance',
    { action: 'requestLeave', payload: { activityId: 'meet', reason: '出差在外' } },
    `o_${who}`,
  );
const makeup = (who: string) =>
  cloud.call<{ id: string; status: string }>(
    'attendance',
    { action: 'requestMakeup', payload: { activityId: 'meet', reason: '手机没电，会后补签' } },
    `o_${who}`,
  );
const display = async () => {
  const r = await cloud.call<TDisplayCodeOutput>(
    'activity',
    { action: 'displayCode', payload: { activityId: 'meet' } },
    'o_sec',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
};
const checkIn = (who: string, code: string) =>
  cloud.call<TCheckInOutput>(
    'checkin',
    { action: 'checkIn', payload: { code, nonce: `timeline-${who}-${code.slice(-6)}` } },
    `o_${who}`,
  );
const requests = async () =>
  (await allWhere(cloud, 'requests', { activityId: 'meet' }))
    .map((r) => `${r.memberId} ${r.kind} ${r.status}`)
    .sort();
const checkins = async () =>
  (await allWhere(cloud, 'checkins', { activityId: 'meet' })).map((c) => c.memberId as string).sort();

beforeAll(async () => {
  await addMeetingBranch(cloud, Date.now(), {
    memberIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    startAt: S,
    activity: { type: 'branch_congress', title: '支部党员大会', approval: 'auto' },
  });
});

test('two hours before: leave is allowed; make-up and check-in are not yet', async () => {
  await cloud.clock.set(S - 2 * HOUR);
  expect(await leave('a')).toMatchObject({ ok: true, data: { status: 'pending' } });
  expect(await makeup('b')).toMatchObject({
    ok: false,
    error: { code: 'MAKEUP_WINDOW_CLOSED', details: { notYetOpen: true } },
  });
  const code = (await display()).code;
  expect(await checkIn('c', code)).toMatchObject({
    ok: false,
    error: { code: 'OUTSIDE_WINDOW', details: { reason: 'before_open' } },
  });
  expect(await requests()).toEqual(['a leave pending']);
  expect(await checkins()).toEqual([]);
});

test('leave stays open inside the check-in window until the start, and is refused from the start', async () => {
  await cloud.clock.set(S - 10_000); // the window opened 29 min 50 s ago
  expect(await leave('b')).toMatchObject({ ok: true, data: { status: 'pending' } });
  await cloud.clock.set(S);
  expect(await leave('c')).toMatchObject({ ok: false, error: { code: 'LEAVE_TOO_LATE' } });
  expect(await requests()).toEqual(['a leave pending', 'b leave pending']);
});

test('a rotating code is accepted in its window and the next, and refused with CODE_EXPIRED after', async () => {
  // one second into a code window, a minute after the start
  await cloud.clock.set(S + 4 * PERIOD + 1000);
  const shown = await display();
  expect(shown.expiresAt).toBe(S + 5 * PERIOD);
  expect(await checkIn('d', shown.code)).toMatchObject({ ok: true, data: { duplicate: false } });

  // the display has moved on to the next code: the old one is still accepted (the grace window)
  await cloud.clock.set(S + 5 * PERIOD + 1000);
  const next = await display();
  expect(next.code).not.toBe(shown.code);
  expect(await checkIn('e', shown.code)).toMatchObject({ ok: true });

  // one more rotation: the first code is refused, the one on display works
  await cloud.clock.set(S + 6 * PERIOD + 1000);
  expect(await checkIn('f', shown.code)).toMatchObject({
    ok: false,
    error: { code: 'CODE_EXPIRED', details: { reason: 'expired' } },
  });
  expect(await checkins()).toEqual(['d', 'e']);
  const current = await display();
  expect(current.code).toBe(mintCode(current.displayKey!, 'meet', PERIOD, S + 6 * PERIOD + 1000).code);
  expect(await checkIn('f', current.code)).toMatchObject({ ok: true });
  expect(await checkins()).toEqual(['d', 'e', 'f']);
});

test('make-up opens only after the window closes, and closes three days later', async () => {
  await cloud.clock.set(CLOSES - 10_000);
  expect(await makeup('g')).toMatchObject({
    ok: false,
    error: { code: 'MAKEUP_WINDOW_CLOSED', details: { notYetOpen: true } },
  });

  await cloud.clock.set(CLOSES + 5_000);
  expect(await checkIn('g', (await display()).code)).toMatchObject({
    ok: false,
    error: { code: 'OUTSIDE_WINDOW', details: { reason: 'after_close' } },
  });
  expect(await makeup('g')).toMatchObject({ ok: true, data: { status: 'pending' } });

  await cloud.clock.set(CLOSES + 3 * DAY + 10_000);
  expect(await makeup('h')).toMatchObject({
    ok: false,
    error: { code: 'MAKEUP_WINDOW_CLOSED', details: { notYetOpen: false } },
  });
  expect(await requests()).toEqual(['a leave pending', 'b leave pending', 'g makeup pending']);
  expect(await checkins()).toEqual(['d', 'e', 'f']);
});

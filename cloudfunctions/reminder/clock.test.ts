/**
 * The 24-hour and 60-minute meeting reminders on the local cloud's clock (issue 11), end to end: the
 * `dispatch` timer runs on its real schedule (every minute, timers on), the clock is moved with
 * `POST /__clock` (a move past fire times runs the trigger once, as a woken-up scheduler does), and the
 * messages land in the open-API outbox. Each reminder must go out at the first run (each minute) inside its
 * window — not before, and never twice.
 */
import { useLocalCloud } from '../../testing/cloud';
import { DAY, HOUR, MINUTE, timerRunAfter } from '../../testing/clock';
import { activityDoc, addBranches, allWhere, memberDoc } from '../../testing/fixtures';
import type { OutboxEntry } from '../../emulator/openapi';
import type { TSubscribeOutput } from '../../types/reminder';

const cloud = useLocalCloud({
  env: {
    APP_TEMPLATE_MEETING_REMINDER: 'tpl-meeting-reminder',
    APP_TEMPLATE_MEETING_CANCELLED: 'tpl-meeting-cancelled',
    APP_TEMPLATE_TASK_REMINDER: 'tpl-task-reminder',
  },
  // the timers run on schedule, on the local cloud's clock
  extra: { timers: true },
});

const STEP = MINUTE; // the dispatch schedule, config.json `0 * * * * * *`
// A minute mark two days from now, plus 10 s: every move below lands 10 s after a fire time.
const MARK = Math.ceil((Date.now() + 2 * DAY) / STEP) * STEP;
const T = MARK + 10_000;
// The meeting starts 24 h 2 min after the mark: the 24-hour reminder is due from the run at
// MARK + 2 min (start − 23 h 59 min 50 s), the 60-minute one from the run at MARK + 23 h 2 min.
const START = MARK + DAY + 2 * STEP;

type SendData = { touser: string; page: string; data: Record<string, { value: string }> };
const sends = async () =>
  (await cloud.outbox()).filter((e: OutboxEntry) => e.apiName === 'subscribeMessage.send');
const reminders = () => allWhere(cloud, 'reminders', { activityId: 'meet' });
async function creditOf(memberId: string): Promise<number> {
  const res = await cloud.db().collection('credits').doc(`${memberId}:meetingReminder`).get();
  return ((res.data as { count?: number }[])[0]?.count ?? 0) as number;
}

/** Moves the clock to `at` and waits for the dispatch run the move starts. */
async function runAt(at: number) {
  const state = await cloud.clock.set(at);
  const run = await timerRunAfter(cloud.url, 'reminder', state.now);
  expect(run.ok).toBe(true);
  return run;
}

beforeAll(async () => {
  const db = cloud.db();
  await addBranches(cloud, Date.now(), ['b1']);
  for (const id of ['a', 'b', 'c']) await db.collection('members').add(memberDoc(Date.now(), id, 'b1'));
  await db
    .collection('activities')
    .add(activityDoc(Date.now(), 'meet', START, 'b1', { title: '支部党员大会', approval: 'auto' }));
  // a and b accept the reminder twice (one message per consent); c never does
  for (const who of ['o_a', 'o_a', 'o_b', 'o_b']) {
    const r = await cloud.call<TSubscribeOutput>(
      'reminder',
      { action: 'subscribe', payload: { accepted: ['meetingReminder'] } },
      who,
    );
    expect(r.ok).toBe(true);
  }
});

test('nothing is sent while the meeting is more than 24 hours away', async () => {
  await runAt(T); // years of fire times passed since real time: one coalesced run
  await runAt(T + STEP); // start − 24 h 0 min 50 s
  expect(await sends()).toHaveLength(0);
  expect(await reminders()).toHaveLength(0);
  expect(await creditOf('a')).toBe(2);
});

test('the 24-hour reminder goes out at the first run inside 24 hours, once', async () => {
  const run = await runAt(T + 2 * STEP); // start − 23 h 59 min 50 s
  const out = await sends();
  expect(out.map((e) => (e.data as SendData).touser).sort()).toEqual(['o_a', 'o_b']);
  for (const e of out) {
    expect(e.result.errcode).toBe(0);
    // stamped with the local cloud's clock: the run at MARK + 2 min
    expect(Math.abs(e.at - (T + 2 * STEP))).toBeLessThan(20_000);
    expect((e.data as SendData).page).toBe('pages/activity/index?id=meet');
  }
  expect(run.counts.openApiCalls).toBe(2);
  expect((await reminders()).map((r) => [r.memberId, r.kind, r.status])).toEqual([
    ['a', 'day_before', 'sent'],
    ['b', 'day_before', 'sent'],
  ]);
  expect([await creditOf('a'), await creditOf('b'), await creditOf('c')]).toEqual([1, 1, 0]);

  // the next runs: nothing new
  const next = await runAt(T + 3 * STEP);
  expect(next.counts.openApiCalls).toBe(0);
  expect(await sends()).toHaveLength(2);
});

test('the 60-minute reminder goes out at the first run inside 60 minutes, once', async () => {
  // the night passes: one coalesced run at start − 60 min 50 s, still more than 60 minutes away
  await runAt(MARK + 23 * HOUR + STEP + 10_000);
  expect(await sends()).toHaveLength(2);
  expect((await reminders()).filter((r) => r.kind === 'hour_before')).toHaveLength(0);

  await runAt(MARK + 23 * HOUR + 2 * STEP + 10_000); // start − 59 min 50 s
  const out = await sends();
  expect(out).toHaveLength(4);
  expect(
    out
      .slice(2)
      .map((e) => (e.data as SendData).touser)
      .sort(),
  ).toEqual(['o_a', 'o_b']);
  expect(Math.abs(out[3].at - (MARK + 23 * HOUR + 2 * STEP + 10_000))).toBeLessThan(20_000);
  expect((await reminders()).map((r) => [r.memberId, r.kind, r.status])).toEqual([
    ['a', 'day_before', 'sent'],
    ['a', 'hour_before', 'sent'],
    ['b', 'day_before', 'sent'],
    ['b', 'hour_before', 'sent'],
  ]);
  expect([await creditOf('a'), await creditOf('b')]).toEqual([0, 0]);

  // later runs before the start, and one after it: nothing more
  await runAt(START - 30 * MINUTE + 10_000);
  await runAt(START + STEP + 10_000);
  expect(await sends()).toHaveLength(4);
  expect(await reminders()).toHaveLength(4);
});

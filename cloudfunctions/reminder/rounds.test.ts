import { useLocalCloud } from '../../testing/cloud';
import { HOUR, MINUTE } from '../../testing/clock';
import { activityDoc, addBranches, memberDoc } from '../../testing/fixtures';
import type { OutboxEntry } from '../../emulator/openapi';
import type { TDispatchOutput } from '../../types/reminder';

/**
 * Bounded dispatch (issue 17): a run takes up at most APP_REMINDER_ROUNDS_PER_RUN rounds (activity ×
 * kind) and leaves the rest to the next run; a round whose reminders all went through gets a
 * done-record (`reminder_rounds`, unique per activity × kind) and is never read again. Two runs at
 * once, then successive runs on the local cloud's clock: every reminder delivered exactly once. A
 * slice holds at most APP_REMINDER_SLICE_MEMBERS expected members, so each run here reads its rounds
 * one slice (one 6-member branch's meeting) at a time.
 */
const cloud = useLocalCloud({
  env: {
    APP_TEMPLATE_MEETING_REMINDER: 'tpl-meeting-reminder',
    APP_TEMPLATE_MEETING_CANCELLED: 'tpl-meeting-cancelled',
    APP_TEMPLATE_TASK_REMINDER: 'tpl-task-reminder',
    APP_REMINDER_ROUNDS_PER_RUN: '3',
    // slices of at most 8 expected members: one 6-member round each, several slices a run
    APP_REMINDER_SLICE_MEMBERS: '8',
  },
});

const BRANCHES = ['r1', 'r2'];
const PER_BRANCH = 6;
const MEETINGS = 4; // per branch: 8 meetings, 8 rounds of each kind
let T0 = 0;

type Run = { ok: true; data: TDispatchOutput };
const run = async () => (await cloud.fireTimer<Run>('reminder')).result.data;

const sends = async () =>
  (await cloud.outbox())
    .filter((e: OutboxEntry) => e.apiName === 'subscribeMessage.send' && e.result.errcode === 0)
    .map((e) => {
      const d = e.data as { touser: string; page: string; data: Record<string, { value: string }> };
      return `${d.touser}|${d.page.split('id=')[1]}|${d.data.phrase4.value}`;
    });

const ACTIVITIES = ['r1', 'r2'].flatMap((b) => [0, 1, 2, 3].map((k) => `${b}a${k}`));

/** Rows of `coll` of these activities and `kind` (served by an index led by activityId). */
async function count(coll: string, kind: string): Promise<number> {
  const res = await cloud
    .db()
    .collection(coll)
    .where({ activityId: cloud.db().command.in(ACTIVITIES), kind })
    .count();
  return Number((res as { total?: number }).total ?? 0);
}

// runs several timer runs per test: room for a loaded machine
jest.setTimeout(120_000);

beforeAll(async () => {
  T0 = await cloud.clock.now();
  const db = cloud.db();
  await addBranches(cloud, T0, BRANCHES);
  for (const b of BRANCHES) {
    for (let i = 0; i < PER_BRANCH; i++) {
      const id = `${b}m${i}`;
      await db
        .collection('members')
        .add(memberDoc(T0, id, b, i === 0 ? ['member', 'secretary'] : ['member']));
      // enough credits for both kinds of every meeting
      await db.collection('credits').add({
        _id: `${id}:meetingReminder`,
        memberId: id,
        templateKey: 'meetingReminder',
        count: 20,
        updatedAt: T0,
      });
    }
    for (let k = 0; k < MEETINGS; k++)
      await db.collection('activities').add(
        activityDoc(T0, `${b}a${k}`, T0 + 3 * HOUR + k * MINUTE, b, {
          title: `第${k + 1}次组会`,
          approval: 'auto',
        }),
      );
  }
});

describe('bounded dispatch with done-records', () => {
  const total = BRANCHES.length * MEETINGS * PER_BRANCH; // per kind

  it('two runs at once, then successive runs: each run takes at most 3 rounds; every day-before reminder once', async () => {
    const [x, y] = await Promise.all([run(), run()]);
    // each run took at most 3 of the 8 owed rounds (the same 3 when they overlap, else the next 3)
    const left = [x.roundsLeft, y.roundsLeft].sort();
    expect([
      [5, 5],
      [2, 5],
    ]).toContainEqual(left);
    // overlapping rounds: each reminder claimed by one run only
    expect(x.sent + y.sent).toBe((left[0] === 5 ? 3 : 6) * PER_BRANCH);
    const seen: TDispatchOutput[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await run();
      seen.push(r);
      if (!r.roundsLeft) break;
    }
    expect(seen.map((r) => r.roundsLeft ?? 0)).toEqual(left[0] === 5 ? [2, 0] : [0]);
    const keys = await sends();
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
    expect(await count('reminders', 'day_before')).toBe(total);
    expect(await count('reminder_rounds', 'day_before')).toBe(BRANCHES.length * MEETINGS);
    // every credit spent exactly once per meeting
    const res = await cloud
      .db()
      .collection('credits')
      .where({ templateKey: 'meetingReminder' })
      .limit(1000)
      .get();
    expect((res.data as { count: number }[]).every((c) => c.count === 20 - MEETINGS)).toBe(true);
    // done: the next run owes nothing and sends nothing
    expect(await run()).toEqual({ sent: 0, skipped: 0, failed: 0 });
  });

  it('a done round is not read again; subscribing reopens the branch’s rounds of the next 24 h', async () => {
    // a member joins r1 holding credits: the done rounds are not read again, so not yet reminded …
    const db = cloud.db();
    await db.collection('members').add(memberDoc(T0, 'late', 'r1'));
    await db.collection('credits').add({
      _id: 'late:meetingReminder',
      memberId: 'late',
      templateKey: 'meetingReminder',
      count: 4,
      updatedAt: T0,
    });
    expect(await run()).toEqual({ sent: 0, skipped: 0, failed: 0 });
    // … until they subscribe (one more credit): r1's rounds of the next 24 h are reopened
    const sub = await cloud.call(
      'reminder',
      { action: 'subscribe', payload: { accepted: ['meetingReminder'] } },
      'o_late',
    );
    expect(sub.ok).toBe(true);
    // 4 reopened rounds, 3 a run
    expect(await run()).toMatchObject({ sent: 3, roundsLeft: 1 });
    expect((await run()).sent).toBe(1);
    expect((await sends()).filter((k) => k.startsWith('o_late|'))).toHaveLength(MEETINGS);
    expect(await run()).toEqual({ sent: 0, skipped: 0, failed: 0 });
  });

  it('an hour before, the hour-before rounds: successive runs, two at once again, exactly once', async () => {
    await cloud.clock.set(T0 + 2 * HOUR + 30 * MINUTE); // every meeting starts in 30–33 minutes
    const before = (await sends()).length;
    await Promise.all([run(), run()]);
    for (let i = 0; i < 6; i++) if (!(await run()).roundsLeft) break;
    const keys = (await sends()).slice(before);
    expect(keys).toHaveLength(total + 1); // + the late subscriber's last credit: the soonest meeting
    expect(keys).toContain('o_late|r1a0|即将开始');
    expect(new Set(keys).size).toBe(keys.length);
    expect(await count('reminders', 'hour_before')).toBe(total + 1);
    expect(await count('reminder_rounds', 'hour_before')).toBe(BRANCHES.length * MEETINGS);
  });
});

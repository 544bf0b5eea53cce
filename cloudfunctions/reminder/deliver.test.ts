import { useLocalCloud } from '../../testing/cloud';
import type { OutboxEntry } from '../../emulator/openapi';
import { buildMeetingReminderData } from '../core/domain/reminder';
import { addCredits, getCredits } from '../core/repos/credits';
import { collection } from '../core/repos/db';
import { claimReminder, claimReminders } from '../core/repos/reminders';
import { deliver, newPace, planRounds, type Job } from './actions/deliver';

/**
 * claim → send → record in this process against the local cloud (the harness points core/sdk.ts at
 * it): the outcomes that the timer tests cannot provoke — a WeChat error other than 43101, a run out
 * of time, batch planning, and claims racing on one row.
 */
const cloud = useLocalCloud();
const now = Date.now();
const data = buildMeetingReminderData(
  { id: 'a1', type: 'group_meeting', title: '党小组会', startAt: now + 30 * 60_000 },
  null,
  'hour_before',
);

function job(memberId: string, kind = 'hour_before', activityId = 'a1', d = data): Job {
  return {
    claim: { activityId, memberId, branchId: 'b1', kind, templateKey: 'meetingReminder' },
    touser: `o_${memberId}`,
    templateId: 'tpl',
    page: `pages/activity/index?id=${activityId}`,
    data: d,
  };
}
const row = async (id: string) => {
  const res = await collection('reminders').doc(id).get();
  return (Array.isArray(res.data) ? res.data[0] : res.data) as
    { status: string; errcode?: number } | undefined;
};

beforeAll(() => {
  cloud.app();
});

describe('planRounds', () => {
  it('puts one member in at most one place per round, soonest reminder first', () => {
    const jobs = [job('m1', 'hour_before', 'a1'), job('m2'), job('m1', 'day_before', 'a2'), job('m3')];
    const rounds = planRounds(jobs);
    expect(rounds.map((r) => r.map((j) => `${j.claim.memberId}/${j.claim.activityId}`))).toEqual([
      ['m1/a1', 'm2/a1', 'm3/a1'],
      ['m1/a2'],
    ]);
  });

  it('refuses a batch with one member twice (they would share a credit document)', async () => {
    await expect(claimReminders([job('m1').claim, job('m1', 'day_before').claim], now)).rejects.toThrow(
      /one claim per member/,
    );
  });
});

describe('deliver', () => {
  it('gives the credit back when WeChat refuses the data (47003), and never retries that reminder', async () => {
    await addCredits('bad', ['meetingReminder'], now);
    const tooLong = { ...data, thing1: { value: '这是一个远远超过二十个字符限制的会议标题用来触发错误' } };
    const r = await deliver([job('bad', 'hour_before', 'a1', tooLong)], now, Date.now() + 10_000);
    expect(r).toMatchObject({ sent: 0, failed: 1, refused: 0, skipped: 0 });
    expect(await row('a1:bad:hour_before')).toMatchObject({ status: 'failed', errcode: 47003 });
    expect(await getCredits('bad')).toEqual({ meetingReminder: 1 });
    const again = await deliver([job('bad')], now, Date.now() + 10_000);
    expect(again).toMatchObject({ sent: 0, skipped: 1 });
    const box = (await cloud.outbox()) as OutboxEntry[];
    expect(box.filter((e) => (e.data as { touser: string }).touser === 'o_bad')).toHaveLength(1);
  });

  it('starts nothing after the deadline: everything is deferred, nothing claimed', async () => {
    await addCredits('late', ['meetingReminder'], now);
    const r = await deliver([job('late')], now, Date.now() - 1);
    expect(r).toMatchObject({ sent: 0, deferred: 1 });
    expect(await row('a1:late:hour_before')).toBeUndefined();
    expect(await getCredits('late')).toEqual({ meetingReminder: 1 });
  });

  it('out of time inside a batch: what it claimed goes back (row removed, credit returned), then a later run sends it once', async () => {
    const ids = ['slow1', 'slow2', 'slow3'];
    for (const id of ids) await addCredits(id, ['meetingReminder'], now);
    const box = async () =>
      ((await cloud.outbox()) as OutboxEntry[]).filter((e) =>
        ids.includes((e.data as { touser: string }).touser.slice(2)),
      );
    // the batch may start (deadline ahead) but its hard stop has passed: it claims, sends nothing
    const r = await deliver(
      ids.map((id) => job(id)),
      now,
      Date.now() + 10_000,
      16,
      undefined,
      { ...newPace(Date.now() + 10_000), hardStop: Date.now() - 1 },
    );
    expect(r).toMatchObject({ sent: 0, deferred: 3, failed: 0, errored: 0 });
    for (const id of ids) {
      expect(await row(`a1:${id}:hour_before`)).toBeUndefined();
      expect(await getCredits(id)).toEqual({ meetingReminder: 1 });
    }
    expect(await box()).toHaveLength(0);
    const next = await deliver(
      ids.map((id) => job(id)),
      now,
      Date.now() + 10_000,
    );
    expect(next).toMatchObject({ sent: 3, deferred: 0 });
    for (const id of ids) expect(await getCredits(id)).toEqual({ meetingReminder: 0 });
    expect(await box()).toHaveLength(3);
  });

  it('a batch as long as the time left is not started: the slowest batch so far sets the pace', async () => {
    await addCredits('paced', ['meetingReminder'], now);
    const r = await deliver([job('paced')], now, Date.now() + 5_000, 16, undefined, {
      ...newPace(Date.now() + 5_000, 5_000),
      longestBatchMs: 6_000,
    });
    expect(r).toMatchObject({ sent: 0, deferred: 1 });
    expect(await row('a1:paced:hour_before')).toBeUndefined();
  });

  it('lets exactly one of 10 racing claims of the same reminder win, taking one credit', async () => {
    await addCredits('race', ['meetingReminder', 'meetingReminder'], now);
    await addCredits('race', ['meetingReminder'], now);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => claimReminder(job('race').claim, now)),
    );
    expect(results.filter((x) => x === 'claimed')).toHaveLength(1);
    expect(results.every((x) => x === 'claimed' || x === 'duplicate' || x === 'contended')).toBe(true);
    expect(await getCredits('race')).toEqual({ meetingReminder: 1 });
  });

  it('a batch meeting a row that exists is refused whole and claimed one by one: that one duplicate, the others claimed, one credit each', async () => {
    for (const id of ['dupA', 'dupB', 'dupC'])
      await addCredits(id, ['meetingReminder', 'meetingReminder'], now);
    await addCredits('dupA', ['meetingReminder'], now);
    expect(await claimReminder(job('dupA').claim, now)).toBe('claimed');
    const before = await getCredits('dupA');
    const out = await claimReminders(
      ['dupA', 'dupB', 'dupC'].map((id) => job(id).claim),
      now,
    );
    expect(out).toEqual(['duplicate', 'claimed', 'claimed']);
    expect(await getCredits('dupA')).toEqual(before);
    for (const id of ['dupB', 'dupC']) {
      expect(await row(`a1:${id}:hour_before`)).toMatchObject({ status: 'claimed' });
      expect(await getCredits(id)).toEqual({ meetingReminder: 0 });
    }
  });

  it('answers no_credit without writing a row when the credit is gone', async () => {
    expect(await claimReminder(job('nobody').claim, now)).toBe('no_credit');
    expect(await row('a1:nobody:hour_before')).toBeUndefined();
  });
});

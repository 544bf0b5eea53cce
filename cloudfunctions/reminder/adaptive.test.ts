import { useLocalCloud } from '../../testing/cloud';
import type { OutboxEntry } from '../../emulator/openapi';
import { buildMeetingReminderData } from '../core/domain/reminder';
import { collection } from '../core/repos/db';
import {
  CLAIM_BATCH,
  CLAIM_TARGET_MS,
  MAX_CLAIM_BATCH,
  deliver,
  newPace,
  nextClaimSize,
  type Job,
} from './actions/deliver';

/**
 * Adaptive claim batches (issue 17): a claim transaction the database gives up on — here the local
 * cloud aborts any transaction open longer than 1 s, as CloudBase does past its limit — wrote
 * nothing; the run halves its batches and claims those reminders again in smaller transactions,
 * so a slow database shortens transactions instead of making every one fail. Exactly once holds
 * throughout: every member one message, one credit spent.
 */
const cloud = useLocalCloud({ extra: { transactionTimeoutMs: 1_000 } });
const now = Date.now();
const data = buildMeetingReminderData(
  { id: 'big', type: 'branch_congress', title: '支部党员大会', startAt: now + 30 * 60_000 },
  null,
  'hour_before',
);
const MEMBERS = Array.from({ length: 400 }, (_, i) => `ad${String(i).padStart(3, '0')}`);
const job = (memberId: string): Job => ({
  claim: { activityId: 'big', memberId, branchId: 'b1', kind: 'hour_before', templateKey: 'meetingReminder' },
  touser: `o_${memberId}`,
  templateId: 'tpl',
  page: 'pages/activity/index?id=big',
  data,
});

// a loaded machine: several runs of 400 claims
jest.setTimeout(180_000);

describe('nextClaimSize', () => {
  it('halves after a transaction the database gave up or that kept conflicting, never below 1', () => {
    expect(nextClaimSize(20, 20, 10_000, 'gone')).toBe(10);
    expect(nextClaimSize(20, 7, 10_000, 'gone')).toBe(3);
    expect(nextClaimSize(20, 20, 100, 'contended')).toBe(10);
    expect(nextClaimSize(1, 1, 10_000, 'gone')).toBe(1);
  });

  it('shrinks in proportion when a transaction outlives the target, grows a full fast one by a quarter up to the maximum', () => {
    expect(nextClaimSize(20, 20, 2 * CLAIM_TARGET_MS, 'ok')).toBe(10);
    expect(nextClaimSize(20, 20, 20 * CLAIM_TARGET_MS, 'ok')).toBe(1);
    expect(nextClaimSize(20, 20, CLAIM_TARGET_MS, 'ok')).toBe(20);
    expect(nextClaimSize(16, 16, 10, 'ok')).toBe(20);
    expect(nextClaimSize(MAX_CLAIM_BATCH, MAX_CLAIM_BATCH, 10, 'ok')).toBe(MAX_CLAIM_BATCH);
    // a short batch (the end of a round) says nothing about a full one
    expect(nextClaimSize(20, 3, 10, 'ok')).toBe(20);
    expect(CLAIM_BATCH).toBeLessThanOrEqual(MAX_CLAIM_BATCH);
  });
});

describe('a claim transaction outliving the time limit', () => {
  beforeAll(async () => {
    cloud.app();
    for (let i = 0; i < MEMBERS.length; i += 200)
      await collection('credits').add(
        MEMBERS.slice(i, i + 200).map((m) => ({
          _id: `${m}:meetingReminder`,
          memberId: m,
          templateKey: 'meetingReminder',
          count: 1,
          updatedAt: now,
        })),
      );
  });

  it('writes nothing; the run claims those reminders again in smaller transactions, each sent once', async () => {
    // one transaction of 400 claims is 1,202 requests: far past the 1 s limit
    const pace = { ...newPace(Date.now() + 120_000), claimSize: 400 };
    const first = await deliver(MEMBERS.map(job), now, Date.now() + 120_000, 16, undefined, pace);
    expect(pace.shrunk).toBeGreaterThan(0);
    expect(pace.claimSize).toBeLessThan(400);
    expect(first.failed).toBe(0);
    expect(first.skipped).toBe(0);
    // on a loaded machine a reminder may be given up three times and wait for the next run
    let sent = first.sent;
    for (let run = 0; run < 5 && sent < MEMBERS.length; run++) {
      const r = await deliver(MEMBERS.map(job), now, Date.now() + 120_000);
      expect(r.failed).toBe(0);
      sent += r.sent;
    }
    expect(sent).toBe(MEMBERS.length);
    const box = ((await cloud.outbox()) as OutboxEntry[]).filter(
      (e) => e.apiName === 'subscribeMessage.send' && e.result.errcode === 0,
    );
    const to = box.map((e) => (e.data as { touser: string }).touser);
    expect(to).toHaveLength(MEMBERS.length);
    expect(new Set(to).size).toBe(MEMBERS.length);
    const sentRows = await collection('reminders')
      .where({ activityId: 'big', kind: 'hour_before', status: 'sent' })
      .count();
    expect(sentRows.total).toBe(MEMBERS.length);
    const left = await collection('credits').where({ templateKey: 'meetingReminder', count: 1 }).count();
    expect(left.total).toBe(0);
  });
});

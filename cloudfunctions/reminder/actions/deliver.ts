import type { TemplateKey } from '../../../types/reminder';
import { ERRCODE_REFUSED, reminderKey, type TemplateData } from '../../core/domain/reminder';
import { restoreCredit, zeroCredit } from '../../core/repos/credits';
import { claimReminder, recordOutcome, sendSubscribeMessage, type Claim } from '../../core/repos/reminders';

/**
 * Claim → send → record, for many reminders at once.
 *
 * Concurrency: at most `SEND_CONCURRENCY` (16) claims/sends in flight. Why 16: each reminder is a
 * transaction (6 database round trips) plus one open-API call; 16 in flight keeps both busy without
 * exceeding what one function instance should hold open against CloudBase (its database and open-API
 * gateways throttle per environment — the basic plan's database allows a few dozen concurrent
 * connections, shared with every other function), and it is far below subscribeMessage.send's
 * per-app rate. One member's reminders run one after another (they share a credit document: in
 * parallel they would only conflict and retry).
 *
 * Time: a job starts only before `deadline` (the function timeout minus a margin); the rest are
 * `deferred` and the next run (5 minutes later) claims them — nothing is half done, because a job
 * either committed its claim or wrote nothing.
 */
export const SEND_CONCURRENCY = 16;

export interface Job {
  claim: Claim;
  touser: string;
  templateId: string;
  page: string;
  data: TemplateData;
}

export interface DeliverResult {
  sent: number;
  /** claimed by another run, or the credit was spent meanwhile, or the claim kept conflicting */
  skipped: number;
  failed: number;
  deferred: number;
  refused: number;
}

async function one(job: Job, now: number, r: DeliverResult): Promise<void> {
  const claimed = await claimReminder(job.claim, now);
  if (claimed !== 'claimed') {
    r.skipped++;
    return;
  }
  const id = reminderKey(job.claim.activityId, job.claim.memberId, job.claim.kind);
  const key: TemplateKey = job.claim.templateKey;
  const out = await sendSubscribeMessage(job);
  if (out.ok) {
    r.sent++;
    await recordOutcome(
      id,
      { status: 'sent', ...(out.msgid !== undefined ? { msgid: out.msgid } : {}) },
      now,
    );
    return;
  }
  r.failed++;
  if (out.errcode === ERRCODE_REFUSED) {
    // WeChat holds no consent for this member: the ledger was wrong, make it say 0.
    r.refused++;
    await zeroCredit(job.claim.memberId, key, now);
    await recordOutcome(id, { status: 'refused', errcode: out.errcode, errmsg: out.errmsg }, now);
  } else if (out.errcode !== null) {
    // WeChat answered and refused this message (bad data, system busy): the consent is unused. The
    // row stays claimed as `failed`, so this reminder is never sent twice; the credit goes back for
    // the next one.
    await restoreCredit(job.claim.memberId, key, now);
    await recordOutcome(id, { status: 'failed', errcode: out.errcode, errmsg: out.errmsg }, now);
  } else {
    // No answer: the message may have reached the member, so the credit stays spent.
    await recordOutcome(id, { status: 'unknown', errmsg: out.errmsg.slice(0, 200) }, now);
  }
}

export async function deliver(
  jobs: readonly Job[],
  now: number,
  deadline: number,
  concurrency = SEND_CONCURRENCY,
): Promise<DeliverResult> {
  const r: DeliverResult = { sent: 0, skipped: 0, failed: 0, deferred: 0, refused: 0 };
  // One queue per member, in the order given (soonest activity first).
  const byMember = new Map<string, Job[]>();
  for (const j of jobs) {
    const q = byMember.get(j.claim.memberId);
    if (q) q.push(j);
    else byMember.set(j.claim.memberId, [j]);
  }
  const queues = [...byMember.values()];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const q = queues[next++];
      if (!q) return;
      for (const job of q) {
        if (Date.now() >= deadline) {
          r.deferred++;
          continue;
        }
        try {
          await one(job, now, r);
        } catch (err) {
          // A database error outside the claim's own handling: count it, keep the run going.
          r.failed++;
          console.error(`reminder ${job.claim.kind} for activity ${job.claim.activityId}: ${String(err)}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queues.length) }, worker));
  return r;
}

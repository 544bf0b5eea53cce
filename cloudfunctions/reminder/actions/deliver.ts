import type { TemplateKey } from '../../../types/reminder';
import { ERRCODE_REFUSED, reminderKey, type TemplateData } from '../../core/domain/reminder';
import { logError } from '../../core/log';
import { restoreCredit, zeroCredit } from '../../core/repos/credits';
import { claimReminders, recordOutcome, recordSent, type Claim } from '../../core/repos/reminders';
import { sendSubscribeMessage } from '../../core/repos/subscribe-messages';

/**
 * Claim → send → record, for many reminders at once.
 *
 * - Batches: up to `CLAIM_BATCH` (20) reminders of different members are claimed in ONE transaction
 *   and their `sent` outcomes recorded in ONE update, so a message costs about one durable database
 *   write instead of three — the write (an fsync locally, a network round trip on CloudBase) is what
 *   bounds a large run. 20 keeps a transaction short (40 documents locked for a few ms), so an
 *   overlapping run or a member's own tap waits little.
 * - Concurrency: at most `SEND_CONCURRENCY` (16) batches in flight, each sending its messages one
 *   after another — so at most 16 open-API calls and 16 transactions at a time from one instance.
 *   Why 16: it saturates this machine's database and open API (more only queues), stays well inside
 *   the database connections CloudBase allows one environment (shared with every other function),
 *   and far below subscribeMessage.send's per-app rate.
 * - One member's reminders (several meetings due) go in different rounds, never in one batch:
 *   they share a credit document.
 * - Time: a batch starts only before `deadline` (the function timeout minus a margin); the rest are
 *   `deferred` to the next run (5 minutes later). Nothing is half done: a batch either committed its
 *   claims or wrote nothing.
 */
export const SEND_CONCURRENCY = 16;
export const CLAIM_BATCH = 20;

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
  /** reminders of batches that failed on a database error (not claimed: the next run retries them) */
  errored: number;
}

const idOf = (c: Claim) => reminderKey(c.activityId, c.memberId, c.kind);

async function failure(job: Job, errcode: number | null, errmsg: string, now: number, r: DeliverResult) {
  const id = idOf(job.claim);
  const key: TemplateKey = job.claim.templateKey;
  r.failed++;
  if (errcode === ERRCODE_REFUSED) {
    // WeChat holds no consent for this member: the ledger was wrong, make it say 0.
    r.refused++;
    await zeroCredit(job.claim.memberId, key, now);
    await recordOutcome(id, { status: 'refused', errcode, errmsg }, now);
  } else if (errcode !== null) {
    // WeChat answered and refused this message (bad data, system busy): the consent is unused. The
    // row stays claimed as `failed`, so this reminder is never sent twice; the credit goes back for
    // the next one.
    await restoreCredit(job.claim.memberId, key, now);
    await recordOutcome(id, { status: 'failed', errcode, errmsg }, now);
  } else {
    // No answer: the message may have reached the member, so the credit stays spent.
    await recordOutcome(id, { status: 'unknown', errmsg: errmsg.slice(0, 200) }, now);
  }
}

async function batch(jobs: readonly Job[], now: number, r: DeliverResult): Promise<void> {
  const claims = await claimReminders(
    jobs.map((j) => j.claim),
    now,
  );
  const sentIds: string[] = [];
  for (let i = 0; i < jobs.length; i++) {
    if (claims[i] !== 'claimed') {
      r.skipped++;
      continue;
    }
    const out = await sendSubscribeMessage(jobs[i]);
    if (out.ok) {
      r.sent++;
      sentIds.push(idOf(jobs[i].claim));
    } else await failure(jobs[i], out.errcode, out.errmsg, now, r);
  }
  await recordSent(sentIds, now);
}

/** Splits jobs into rounds (the i-th reminder of every member) and rounds into batches. */
export function planBatches(jobs: readonly Job[], size = CLAIM_BATCH): Job[][][] {
  const byMember = new Map<string, Job[]>();
  for (const j of jobs) {
    const q = byMember.get(j.claim.memberId);
    if (q) q.push(j);
    else byMember.set(j.claim.memberId, [j]);
  }
  const rounds: Job[][][] = [];
  for (const q of byMember.values()) {
    q.forEach((job, i) => {
      rounds[i] ??= [[]];
      const round = rounds[i];
      if (round[round.length - 1].length >= size) round.push([]);
      round[round.length - 1].push(job);
    });
  }
  return rounds;
}

/** Which invocation a run belongs to, for its log lines (ids and counts only, never messages). */
export interface DeliverLog {
  requestId: string;
  action: string;
}

export async function deliver(
  jobs: readonly Job[],
  now: number,
  deadline: number,
  concurrency = SEND_CONCURRENCY,
  log: DeliverLog = { requestId: '', action: 'deliver' },
): Promise<DeliverResult> {
  const r: DeliverResult = { sent: 0, skipped: 0, failed: 0, deferred: 0, refused: 0, errored: 0 };
  // Rounds one after another (soonest activity first within a member), batches of a round in parallel.
  for (const round of planBatches(jobs)) {
    let next = 0;
    const worker = async () => {
      for (;;) {
        const b = round[next++];
        if (!b) return;
        if (Date.now() >= deadline) {
          r.deferred += b.length;
          continue;
        }
        try {
          await batch(b, now, r);
        } catch (err) {
          // A database error outside the claim's own handling: count it, keep the run going (what was
          // not claimed is retried by the next run; what was claimed is never sent twice).
          r.failed += b.length;
          r.errored += b.length;
          // Error class, code and stack frames only: a database error's message may quote key values
          // (member ids, openids) — no personal data in logs (core/log.ts).
          logError(
            {
              requestId: log.requestId,
              fn: 'reminder',
              action: log.action,
              batch: b.length,
              kind: b[0].claim.kind,
            },
            err,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, round.length) }, worker));
  }
  return r;
}

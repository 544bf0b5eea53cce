import type { TemplateKey } from '../../../types/reminder';
import { ERRCODE_REFUSED, reminderKey, type TemplateData } from '../../core/domain/reminder';
import { logError } from '../../core/log';
import { restoreCredit, zeroCredit } from '../../core/repos/credits';
import {
  claimReminders,
  recordOutcome,
  recordSent,
  unclaimReminders,
  type Claim,
} from '../../core/repos/reminders';
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
 * - Time: a batch starts only if the longest batch so far would end before `deadline` (the function
 *   timeout minus a margin); the rest are `deferred` to the next run. Past `Pace.hardStop` a batch
 *   stops sending and gives back what it claimed (row removed, credit returned), so a run never dies
 *   holding claims it did not send. A batch that failed to claim wrote nothing.
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
  /** claimed by another run, or the credit was spent meanwhile */
  skipped: number;
  failed: number;
  /** not sent by this run and not done: out of time, given back, or the claim kept conflicting */
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

async function batch(jobs: readonly Job[], now: number, r: DeliverResult, hardStop: number): Promise<void> {
  const claims = await claimReminders(
    jobs.map((j) => j.claim),
    now,
  );
  const sentIds: string[] = [];
  const unsent: Job[] = [];
  for (let i = 0; i < jobs.length; i++) {
    if (claims[i] === 'contended') {
      // nothing written (the claim kept conflicting with another run's): not done, the next run retries
      r.deferred++;
      continue;
    }
    if (claims[i] !== 'claimed') {
      r.skipped++;
      continue;
    }
    // Out of time (the database answered slowly): what this run claimed but will not send goes back
    // unclaimed — row removed, credit returned — for the next run, instead of dying with the claim
    // held (a `claimed` row is never retried: the reminder would be lost).
    if (Date.now() >= hardStop) {
      unsent.push(jobs[i]);
      continue;
    }
    const out = await sendSubscribeMessage(jobs[i]);
    if (out.ok) {
      r.sent++;
      sentIds.push(idOf(jobs[i].claim));
    } else await failure(jobs[i], out.errcode, out.errmsg, now, r);
  }
  await recordSent(sentIds, now);
  if (unsent.length > 0) {
    const back = await unclaimReminders(
      unsent.map((j) => j.claim),
      now,
    );
    r.deferred += back;
    // not given back (the database refused): they stay claimed and are never sent twice
    r.failed += unsent.length - back;
    r.errored += unsent.length - back;
  }
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

/**
 * How long a run's batches have taken (shared by the `deliver` calls of one run): a batch starts only
 * if the longest one so far would still end before the deadline, so a slow database (every request
 * taking seconds) shortens the run instead of running it into the function timeout.
 */
export interface Pace {
  longestBatchMs: number;
  /** past this instant a batch sends nothing more and gives its claims back (unclaimReminders) */
  hardStop: number;
}

export function newPace(deadline: number, graceMs = 0): Pace {
  return { longestBatchMs: 0, hardStop: deadline + graceMs };
}

export async function deliver(
  jobs: readonly Job[],
  now: number,
  deadline: number,
  concurrency = SEND_CONCURRENCY,
  log: DeliverLog = { requestId: '', action: 'deliver' },
  pace: Pace = newPace(deadline),
): Promise<DeliverResult> {
  const r: DeliverResult = { sent: 0, skipped: 0, failed: 0, deferred: 0, refused: 0, errored: 0 };
  // Rounds one after another (soonest activity first within a member), batches of a round in parallel.
  for (const round of planBatches(jobs)) {
    let next = 0;
    const worker = async () => {
      for (;;) {
        const b = round[next++];
        if (!b) return;
        if (Date.now() + pace.longestBatchMs >= deadline) {
          r.deferred += b.length;
          continue;
        }
        const t0 = Date.now();
        try {
          await batch(b, now, r, pace.hardStop);
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
        } finally {
          // a failed batch counts too: a transaction that timed out took its whole time
          pace.longestBatchMs = Math.max(pace.longestBatchMs, Date.now() - t0);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, round.length) }, worker));
  }
  return r;
}

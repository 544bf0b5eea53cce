import type { TemplateKey } from '../../../types/reminder';
import { ERRCODE_REFUSED, reminderKey, type TemplateData } from '../../core/domain/reminder';
import { logError } from '../../core/log';
import { restoreCredit, zeroCredit } from '../../core/repos/credits';
import { isTransactionGone } from '../../core/repos/db';
import {
  claimReminders,
  recordOutcome,
  recordSent,
  unclaimReminders,
  type Claim,
  type ClaimResult,
} from '../../core/repos/reminders';
import { sendSubscribeMessage, subscribeMessagesReady } from '../../core/repos/subscribe-messages';

/**
 * Claim → send → record, for many reminders at once.
 *
 * - Batches: reminders of different members are claimed in ONE transaction (3 database requests a
 *   reminder: read and take the credit, insert the row; plus start and commit) and their `sent`
 *   outcomes recorded in ONE update, so a message costs about one durable write instead of three.
 * - Adaptive size: a run starts at `CLAIM_BATCH` (20) claims a transaction. A transaction slower than
 *   `CLAIM_TARGET_MS` (3 s) makes the next ones proportionally smaller; one the database gave up on
 *   (`DATABASE_TRANSACTION_FAIL`: it outlived the transaction time limit — nothing of it was written)
 *   or that kept conflicting with another run halves the size, and its reminders go back into the
 *   queue for a smaller transaction of the same run; fast ones grow it again, up to `MAX_CLAIM_BATCH`.
 *   So a slow database (every request taking hundreds of ms) shortens transactions instead of making
 *   every one of them fail on the time limit and the run send nothing.
 * - Sending: a batch sends all its messages at once, as soon as its claim commits, and then records
 *   them. A run killed at any instant therefore leaves no claim whose send was never started (only
 *   sends that were in flight: those cannot be told apart from delivered ones, and stay at most once).
 * - Concurrency: at most `SEND_CONCURRENCY` (16) batches in flight — at most 16 transactions and
 *   16 × `MAX_CLAIM_BATCH` open-API calls at a time from one instance (WeChat documents a daily quota
 *   for subscribeMessage.send, no per-second one). Why 16: it saturates this machine's database and
 *   open API (more only queues) and stays well inside the database connections CloudBase allows one
 *   environment (shared with every other function).
 * - One member's reminders (several meetings due) go in different rounds, never in one batch:
 *   they share a credit document.
 * - Time: a batch starts only if the longest batch so far would end before `deadline` (the function
 *   timeout minus a margin); the rest are `deferred` to the next run. Past `Pace.hardStop` a batch
 *   that has just claimed sends nothing and gives back what it claimed (row removed, credit
 *   returned), so a run never dies holding claims it did not send. A batch that failed to claim
 *   wrote nothing.
 */
export const SEND_CONCURRENCY = 16;
/** claims per transaction when a run starts */
export const CLAIM_BATCH = 20;
/** at most this many claims per transaction (and open-API calls per batch) */
export const MAX_CLAIM_BATCH = 25;
/** a claim transaction should commit within this; CloudBase's (and the local cloud's) limit is 10 s */
export const CLAIM_TARGET_MS = 3_000;
/** a reminder whose claim transaction was given up this many times waits for the next run */
const MAX_CLAIM_TRIES = 3;

/**
 * The next claim size after a transaction of `n` claims that took `ms`: `gone` (the database gave
 * the transaction up) or `contended` halves it; slower than the target shrinks it in proportion;
 * a full batch well under the target grows it by a quarter, up to `MAX_CLAIM_BATCH`.
 */
export function nextClaimSize(
  size: number,
  n: number,
  ms: number,
  outcome: 'ok' | 'contended' | 'gone',
): number {
  if (outcome !== 'ok') return Math.max(1, Math.floor(Math.min(size, n) / 2));
  if (ms > CLAIM_TARGET_MS) return Math.max(1, Math.min(size, Math.floor((n * CLAIM_TARGET_MS) / ms)));
  if (n >= size && ms < CLAIM_TARGET_MS / 2)
    return Math.min(MAX_CLAIM_BATCH, size + Math.max(1, Math.floor(size / 4)));
  return size;
}

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

/**
 * One batch: claim (one transaction), then send every claimed message at once, then record. Answers
 * the jobs to claim again in a smaller transaction (the database gave this one up: nothing written).
 */
async function batch(jobs: readonly Job[], now: number, r: DeliverResult, pace: Pace, log: DeliverLog) {
  const t0 = Date.now();
  let claims: ClaimResult[];
  try {
    claims = await claimReminders(
      jobs.map((j) => j.claim),
      now,
    );
  } catch (err) {
    if (!isTransactionGone(err)) throw err;
    pace.claimSize = nextClaimSize(pace.claimSize, jobs.length, Date.now() - t0, 'gone');
    pace.shrunk++;
    return [...jobs];
  }
  const contended = claims.includes('contended');
  const before = pace.claimSize;
  pace.claimSize = nextClaimSize(
    pace.claimSize,
    jobs.length,
    Date.now() - t0,
    contended ? 'contended' : 'ok',
  );
  if (pace.claimSize < before) pace.shrunk++;
  const claimed: Job[] = [];
  for (let i = 0; i < jobs.length; i++) {
    if (claims[i] === 'contended') {
      // nothing written (the claim kept conflicting with another run's): not done, the next run retries
      r.deferred++;
    } else if (claims[i] !== 'claimed') r.skipped++;
    else claimed.push(jobs[i]);
  }
  if (claimed.length === 0) return [];
  // Out of time (the database answered slowly): what this run claimed goes back unclaimed — row
  // removed, credit returned — for the next run, instead of dying with the claim held (a `claimed`
  // row is never retried: the reminder would be lost).
  if (Date.now() >= pace.hardStop) {
    const back = await unclaimReminders(
      claimed.map((j) => j.claim),
      now,
    );
    r.deferred += back;
    // not given back (the database refused): they stay claimed and are never sent twice
    r.failed += claimed.length - back;
    r.errored += claimed.length - back;
    return [];
  }
  // every send starts now, right after the commit: no claim waits for an earlier message's answer
  const outs = await Promise.all(claimed.map((j) => sendSubscribeMessage(j)));
  const sentIds: string[] = [];
  const failures: Promise<void>[] = [];
  outs.forEach((out, i) => {
    if (out.ok) {
      r.sent++;
      sentIds.push(idOf(claimed[i].claim));
    } else failures.push(failure(claimed[i], out.errcode, out.errmsg, now, r));
  });
  await Promise.all(failures);
  try {
    await recordSent(sentIds, now);
  } catch (err) {
    // the messages went out: the rows stay `claimed` (never sent again; a cancellation notice treats
    // them as reminded) — log it, the batch is not failed
    logError(
      { requestId: log.requestId, fn: 'reminder', action: log.action, recordSent: sentIds.length },
      err,
    );
  }
  return [];
}

/** Splits jobs into rounds: the i-th reminder of every member (soonest first), in order. */
export function planRounds(jobs: readonly Job[]): Job[][] {
  const byMember = new Map<string, Job[]>();
  for (const j of jobs) {
    const q = byMember.get(j.claim.memberId);
    if (q) q.push(j);
    else byMember.set(j.claim.memberId, [j]);
  }
  const rounds: Job[][] = [];
  for (const q of byMember.values()) q.forEach((job, i) => (rounds[i] ??= []).push(job));
  return rounds;
}

/** Which invocation a run belongs to, for its log lines (ids and counts only, never messages). */
export interface DeliverLog {
  requestId: string;
  action: string;
}

/**
 * How a run's batches are going (shared by the `deliver` calls of one run): a batch starts only if
 * the longest one so far would still end before the deadline, so a slow database (every request
 * taking seconds) shortens the run instead of running it into the function timeout; and how many
 * claims the next transaction takes (adaptive, see `nextClaimSize`).
 */
export interface Pace {
  longestBatchMs: number;
  /** past this instant a batch sends nothing more and gives its claims back (unclaimReminders) */
  hardStop: number;
  /** claims per transaction now */
  claimSize: number;
  /** how many times the size was made smaller (for the run's log line) */
  shrunk: number;
}

export function newPace(deadline: number, graceMs = 0): Pace {
  return { longestBatchMs: 0, hardStop: deadline + graceMs, claimSize: CLAIM_BATCH, shrunk: 0 };
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
  const tries = new Map<Job, number>();
  // the open API's SDK loaded before the first claim: no claim waits for it
  if (jobs.length > 0) await subscribeMessagesReady();
  // Rounds one after another (soonest activity first within a member), batches of a round in parallel.
  for (const queue of planRounds(jobs)) {
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        if (Date.now() + pace.longestBatchMs >= deadline) {
          // out of time: the rest of the round waits for the next run
          r.deferred += queue.length - next;
          next = queue.length;
          return;
        }
        const b = queue.slice(next, next + Math.max(1, pace.claimSize));
        next += b.length;
        const t0 = Date.now();
        try {
          for (const j of await batch(b, now, r, pace, log)) {
            // the database gave the transaction up (nothing written): again, smaller — a few times
            const n = (tries.get(j) ?? 1) + 1;
            tries.set(j, n);
            if (n > MAX_CLAIM_TRIES) {
              r.deferred++;
              r.errored++;
            } else queue.push(j);
          }
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
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }
  return r;
}

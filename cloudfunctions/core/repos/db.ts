import { randomBytes } from 'node:crypto';
import { DomainError } from '../errors';
import { getDb, type Db, type Transaction } from '../sdk';

/**
 * Repository plumbing: collection names (as declared in cloudfunctions/collections.json), the
 * transaction helper and error classification. Repositories are the only modules that talk to the
 * database; domain code never does.
 */
export const COLLECTIONS = {
  branches: 'branches',
  members: 'members',
  bindings: 'bindings',
  sites: 'sites',
  activities: 'activities',
  checkins: 'checkins',
  checkin_scans: 'checkin_scans',
  requests: 'requests',
  audit: 'audit',
  minutes: 'minutes',
  delegations: 'delegations',
  reminders: 'reminders',
  reminder_rounds: 'reminder_rounds',
  credits: 'credits',
  throttles: 'throttles',
  exports: 'exports',
  summary_dirty: 'summary_dirty',
  activity_summaries: 'activity_summaries',
  branch_years: 'branch_years',
  summary_state: 'summary_state',
  // volunteer (先锋领航, docs/volunteer.md)
  teams: 'teams',
  team_members: 'team_members',
  signups: 'signups',
  volunteer_hours: 'volunteer_hours',
  volunteer_days: 'volunteer_days',
  volunteer_totals: 'volunteer_totals',
  certificates: 'certificates',
  evidence_files: 'evidence_files',
  server_secrets: 'server_secrets',
  projects: 'projects',
  project_tasks: 'project_tasks',
  project_claims: 'project_claims',
  project_history: 'project_history',
  claim_counters: 'claim_counters',
  project_settings: 'project_settings',
  project_uploads: 'project_uploads',
} as const;
export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

export type { Db, Transaction };

export function db(): Db {
  return getDb();
}

export function collection(name: CollectionName) {
  return getDb().collection(name);
}

/**
 * Runs `fn` in a CloudBase transaction: inside it, only single-document operations
 * (`tx.collection(c).doc(id).get/set/update/remove`, `tx.collection(c).add`). The SDK retries the
 * whole callback on DATABASE_TRANSACTION_CONFLICT, so `fn` must not have side effects outside the
 * transaction. A DomainError thrown inside rolls back and reaches the caller unchanged.
 */
export function runTransaction<T>(fn: (tx: Transaction) => Promise<T>, retries = 5): Promise<T> {
  const run = getDb().runTransaction as (cb: (tx: Transaction) => Promise<T>, times?: number) => Promise<T>;
  return run.call(getDb(), fn, retries);
}

/** A write-write conflict (the transaction was aborted; running it again may succeed). */
export const isConflict = (err: unknown): boolean =>
  /TRANSACTION_CONFLICT/.test(String((err as { code?: unknown } | null)?.code ?? ''));

/**
 * A transaction that several callers may run on one document at once (the last seats of a task, one
 * member's hours totals): the SDK retries a conflict at once, a few times; here the whole transaction
 * is retried after a short random pause until it commits or `budgetMs` is spent — then `CONFLICT`
 * (a DomainError the caller can answer). The callback must have no effect outside the transaction.
 */
export async function runContended<T>(fn: (tx: Transaction) => Promise<T>, budgetMs = 8000): Promise<T> {
  const until = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await runTransaction(fn, 2);
    } catch (err) {
      if (!isConflict(err) || Date.now() > until) {
        if (isConflict(err)) throw new DomainError('CONFLICT', 'too many simultaneous changes, try again');
        throw err;
      }
      const cap = Math.min(100, 4 * 2 ** Math.min(attempt, 5));
      await new Promise((r) => setTimeout(r, Math.random() * cap));
    }
  }
}

/**
 * Makes a transaction's decision on a document it only READ safe against a concurrent change of that
 * document (e.g. "the activity was cancelled meanwhile"). CloudBase transactions are snapshot-isolated:
 * a document merely read takes no lock and never conflicts, so the transaction could commit on a stale
 * read. Writing the document (a counter: a no-op update would write nothing and lock nothing) takes its
 * write lock: a change committed after the snapshot then aborts this transaction, the SDK retries it,
 * and the retry reads the change; a change attempted while this transaction is open waits for it.
 */
export async function guardTx(tx: Transaction, coll: CollectionName, id: string): Promise<void> {
  await tx
    .collection(coll)
    .doc(id)
    .update({ txGuard: db().command.inc(1) });
}

/**
 * The most documents one read returns. CloudBase answers at most 1,000 per `get()` whatever the
 * `limit` asked (the SDK itself clamps it: @cloudbase/database dist/commonjs/query.js `get()`,
 * `param.limit = limit < 1000 ? limit : 1000`), and the local cloud cuts at the same number, so a
 * read that assumed "all of them" fails its test here the way it would fail in production.
 */
export const PAGE_LIMIT = 1000;

export type SortKey = readonly [field: string, direction: 'asc' | 'desc'];

/**
 * Every document matching `where`, read in pages of PAGE_LIMIT in a TOTAL order: the given sort keys
 * and then `_id` (unique), so consecutive pages neither skip nor repeat a document whatever ties the
 * sort keys have. Use it for every read that can pass 1,000 documents; a bounded screen ("newest 50")
 * asks for one page with `.limit(n)` instead.
 */
export async function readAll<T>(
  name: CollectionName,
  where: object,
  order: readonly SortKey[] = [],
  projection?: Record<string, boolean>,
): Promise<T[]> {
  const out: T[] = [];
  const keys = order.some(([f]) => f === '_id') ? order : [...order, ['_id', 'asc'] as const];
  for (;;) {
    let q = collection(name).where(where);
    for (const [field, dir] of keys) q = q.orderBy(field, dir);
    if (projection) q = q.field(projection);
    if (out.length > 0) q = q.skip(out.length);
    const res = await q.limit(PAGE_LIMIT).get();
    const page = res.data as T[];
    for (const d of page) out.push(d);
    if (page.length < PAGE_LIMIT) return out;
  }
}

/**
 * Every document matching `where`, in pages of PAGE_LIMIT ordered by `key` ascending, each page asking
 * for the documents after the previous page's last key (keyset paging) instead of skipping them: a
 * page starts at its index position, so the page after the last one — asked whenever the last page
 * was full — finds nothing at once rather than reading every document before it again. `key` must be
 * unique among the matching documents (a unique index, or unique given `where`'s equalities), present
 * in each, and not constrained by `where`; the query on `where` + a range on `key` needs an index
 * with those fields in that order (strict local cloud).
 */
export async function readAllAfter<T>(
  name: CollectionName,
  where: object,
  key: string,
  projection?: Record<string, boolean>,
): Promise<T[]> {
  const out: T[] = [];
  const cmd = db().command;
  for (;;) {
    const last = out.length > 0 ? (out[out.length - 1] as Record<string, unknown>)[key] : undefined;
    let q = collection(name).where(last === undefined ? where : { ...where, [key]: cmd.gt(last) });
    q = q.orderBy(key, 'asc');
    if (projection) q = q.field({ ...projection, [key]: true });
    const res = await q.limit(PAGE_LIMIT).get();
    const page = res.data as T[];
    for (const d of page) out.push(d);
    if (page.length < PAGE_LIMIT) return out;
  }
}

/**
 * Documents by `field $in values`, the list split so each read names at most `chunk` values and is
 * itself read to the end (readAll): an `$in` over many ids can match more than one page.
 */
export async function readIn<T>(
  name: CollectionName,
  field: string,
  values: readonly unknown[],
  extra: object = {},
  projection?: Record<string, boolean>,
  chunk = 100,
): Promise<T[]> {
  const unique = [...new Set(values)];
  if (unique.length === 0) return [];
  const cmd = db().command;
  const parts: Promise<T[]>[] = [];
  for (let i = 0; i < unique.length; i += chunk) {
    parts.push(readAll<T>(name, { ...extra, [field]: cmd.in(unique.slice(i, i + chunk)) }, [], projection));
  }
  return (await Promise.all(parts)).flat();
}

/** The document of a `doc(id).get()` answer (the SDK answers a list of zero or one), or null. */
export function firstDoc<T>(data: unknown): T | null {
  const d = Array.isArray(data) ? data[0] : data;
  return (d as T | undefined) ?? null;
}

/** A new document id: 24 hex characters (like the ids CloudBase generates). */
export function newId(): string {
  return randomBytes(12).toString('hex');
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** A write refused by a unique index (or an `add` with an `_id` that exists). */
export function isDuplicateKeyError(err: unknown): boolean {
  const code = errorCode(err);
  if (code === 'DATABASE_DUPLICATE_WRITE' || code === 'DATABASE_DUPLICATE_KEY' || code === 'DUPLICATE_KEY')
    return true;
  const message = err instanceof Error ? err.message : String((err as { message?: unknown })?.message ?? '');
  return /E11000|duplicate key/i.test(message);
}

/**
 * The transaction is gone on the server (`DATABASE_TRANSACTION_FAIL`, "TransactionNotExist": it
 * outlived the transaction time limit, or was aborted): nothing of it was written, so the same work
 * may be tried again — best in a shorter transaction.
 */
export function isTransactionGone(err: unknown): boolean {
  return errorCode(err) === 'DATABASE_TRANSACTION_FAIL';
}

/** A document or collection that is not there (`doc(id).get()` of a missing id answers an empty list instead). */
export function isNotExistError(err: unknown): boolean {
  return /NOT_EXIST/.test(errorCode(err));
}

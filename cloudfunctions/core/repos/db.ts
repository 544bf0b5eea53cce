import { randomBytes } from 'node:crypto';
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
  credits: 'credits',
  throttles: 'throttles',
  exports: 'exports',
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

/** A document or collection that is not there (`doc(id).get()` of a missing id answers an empty list instead). */
export function isNotExistError(err: unknown): boolean {
  return /NOT_EXIST/.test(errorCode(err));
}

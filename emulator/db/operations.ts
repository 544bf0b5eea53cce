/**
 * The database operations (insert, update, remove, read) over one write path: a `Scope` is either a
 * plain request (reads committed data; writes go straight to the store, waiting for transaction locks)
 * or an open transaction (reads its snapshot; writes are staged under its locks). Each operation is
 * written once and runs the same way in both.
 */
import { errors } from './errors';
import { cloneDoc, stringifyEJSON } from './ejson';
import { idKey, stableStringify } from './keys';
import { applyUpdate, compile, generateId, matches, upsertBase, type Doc } from './query';
import type { CollRt, DocStore, Loaded } from './store';
import type { TxManager, Txn } from './transactions';

export interface Scope {
  /** the document as this scope sees it (null = absent) */
  read(coll: CollRt, key: string): Doc | null;
  /** writes (null = removes) the document */
  write(coll: CollRt, key: string, next: Doc | null): void;
  /** documents matching `query` (a plain request only: a transaction reads single documents) */
  find(coll: CollRt, query: Doc | undefined): Loaded[];
  /** ends the transaction (a duplicate inside one aborts it, as the server does) */
  abort(why: string): void;
  readonly txn?: Txn;
}

/** A plain request: committed data; call its operations inside `store.atomically`. */
export function plainScope(store: DocStore, txm: TxManager, strict: boolean): Scope {
  return {
    read: (coll, key) => store.load(coll.name, key)?.doc ?? null,
    write(coll, key, next) {
      txm.checkUnlocked(coll, key, next);
      // a savepoint: a duplicate undoes this document only (an ordered insert keeps the ones before)
      store.atomically(() => store.writeDoc(coll, key, next));
    },
    find(coll, query) {
      const q = compile(query);
      const { rows, served } = store.candidates(coll, query);
      if (strict && !served) throw errors.notServed(coll.name, stringifyEJSON(query ?? {}));
      return rows.filter((r) => matches(q, r.doc));
    },
    abort: () => undefined,
  };
}

/** An open transaction: its snapshot overlaid with its own writes; writes staged under its locks. */
export function txScope(txm: TxManager, t: Txn): Scope {
  return {
    txn: t,
    read: (coll, key) => txm.read(t, coll, key),
    write: (coll, key, next) => txm.write(t, coll, key, next),
    find() {
      throw errors.notInTransaction('a query');
    },
    abort: (why) => txm.end(t, why),
  };
}

/** What `insert` did: the ids written, in order, and the error that stopped it (then it stopped there). */
export interface InsertResult {
  insertedIds: unknown[];
  error?: Error;
}

/**
 * Inserts documents in order (MongoDB's ordered insert, which CloudBase's `add([...])` is): a
 * duplicate stops the batch, and the documents before it stay written. In a transaction a duplicate
 * aborts the transaction instead (nothing of it is written).
 */
export function insert(scope: Scope, coll: CollRt, docs: Doc[]): InsertResult {
  const insertedIds: unknown[] = [];
  for (const d of docs) {
    const key = idKey(d._id);
    try {
      if (scope.read(coll, key)) {
        scope.abort('aborted by a duplicate key error');
        throw errors.duplicate(coll.name, '_id_', `{ _id: ${stableStringify(d._id)} }`);
      }
      scope.write(coll, key, d);
    } catch (e) {
      if (scope.txn || !isDuplicate(e)) throw e;
      return { insertedIds, error: e as Error };
    }
    insertedIds.push(d._id);
  }
  return { insertedIds };
}

/**
 * `insert` for a plain request of several documents when no transaction is open, as one SQLite
 * transaction without a savepoint per document: it writes every document, or — on the first
 * duplicate — throws it and writes nothing (the caller's SQLite transaction rolls back), and the
 * caller then runs `insert`, whose savepoints keep the documents before the duplicate. Same result
 * as `insert`, without two SQLite statements per document in the usual case. Call inside
 * `store.atomically`, and only while `txm.idle` (nothing locked, no old versions to keep).
 */
export function insertAllOrNothing(store: DocStore, coll: CollRt, docs: Doc[]): InsertResult {
  const insertedIds: unknown[] = [];
  for (const d of docs) {
    const key = idKey(d._id);
    if (store.load(coll.name, key))
      throw errors.duplicate(coll.name, '_id_', `{ _id: ${stableStringify(d._id)} }`);
    store.writeDoc(coll, key, d);
    insertedIds.push(d._id);
  }
  return { insertedIds };
}

export function isDuplicate(e: unknown): boolean {
  return (e as { code?: string })?.code === 'DATABASE_DUPLICATE_WRITE';
}

/** Gives generated ids to documents without one; `_id` must be a string or a number. */
export function withIds(docs: Doc[], now: () => number): Doc[] {
  return docs.map((d) => {
    if (d._id === undefined || d._id === null) {
      const rest = { ...d };
      delete rest._id;
      return { _id: generateId(now()), ...rest };
    }
    if (typeof d._id !== 'string' && typeof d._id !== 'number') {
      throw errors.invalidParam('_id must be a string or a number');
    }
    return d;
  });
}

export interface ModifyRequest {
  query: Doc | undefined;
  data: Doc;
  merge: boolean;
  multi: boolean;
  upsert: boolean;
}

/** The targets of a request: one document by `_id` in a transaction, else what the query matches. */
function targets(scope: Scope, coll: CollRt, query: Doc | undefined, multi: boolean): Loaded[] {
  if (scope.txn) {
    const key = singleKey(query);
    const doc = scope.read(coll, key);
    return doc ? [{ key, ver: -1, raw: '', doc }] : [];
  }
  const found = scope.find(coll, query);
  return multi ? found : found.slice(0, 1);
}

/** `{ _id: <string|number> }`: the only query a transaction may run (single-document operations). */
export function singleKey(query: Doc | undefined): string {
  const keys = Object.keys(query ?? {});
  const id = query?._id;
  if (keys.length !== 1 || (typeof id !== 'string' && typeof id !== 'number'))
    throw errors.notInTransaction(`a query other than { _id } (${stableStringify(query ?? {})})`);
  return idKey(id);
}

export function modify(
  scope: Scope,
  coll: CollRt,
  r: ModifyRequest,
  now: () => number,
): { updated: number; matched: number; upsertId?: unknown; last: Doc | null } {
  if (!r.merge && (r.data._id !== undefined || Object.keys(r.data).some((k) => k.startsWith('$')))) {
    if (Object.keys(r.data).some((k) => k.startsWith('$')))
      throw errors.badQuery('replacement document cannot contain operators');
    throw errors.invalidParam('不能更新_id的值 (_id is immutable)');
  }
  const compute = (current: Doc | null, id: unknown): Doc =>
    r.merge
      ? applyUpdate(current ?? { ...upsertBase(r.query), _id: id }, r.data)
      : { _id: id, ...cloneDoc(r.data) };

  const found = targets(scope, coll, r.query, r.multi);
  let updated = 0;
  let last: Doc | null = null;
  for (const target of found) {
    const next = compute(target.doc, target.doc._id);
    last = next;
    // a no-op update writes nothing (and so, in a transaction, locks nothing: as in MongoDB)
    if (stringifyEJSON(next) === stringifyEJSON(target.doc)) continue;
    scope.write(coll, target.key, next);
    updated++;
  }
  let upsertId: unknown;
  if (found.length === 0 && r.upsert) {
    const qid = r.query?._id;
    const id = typeof qid === 'string' || typeof qid === 'number' ? qid : generateId(now());
    const key = idKey(id);
    const next = compute(null, id);
    // absent in the scope's view but present in committed data: a duplicate (plain) or a write conflict (transaction)
    if (!scope.txn && scope.read(coll, key))
      throw errors.duplicate(coll.name, '_id_', `{ _id: ${stableStringify(id)} }`);
    scope.write(coll, key, next);
    upsertId = id;
    last = next;
  }
  return { updated, matched: found.length, upsertId, last };
}

export function remove(scope: Scope, coll: CollRt, query: Doc | undefined, multi: boolean): number {
  const found = targets(scope, coll, query, multi);
  for (const target of found) scope.write(coll, target.key, null);
  return found.length;
}

/** Documents a read returns (before sort/skip/limit/projection). */
export function read(scope: Scope, coll: CollRt, query: Doc | undefined): Loaded[] {
  return targets(scope, coll, query, true);
}

/**
 * Transactions and locks, as CloudBase documents them (snapshot isolation): a transaction reads the
 * snapshot taken when it started; its writes lock the documents (and unique-index keys) they touch;
 * another transaction writing a locked document, or a document changed after its snapshot, conflicts
 * (`DATABASE_TRANSACTION_CONFLICT`, aborted on the server, retried by the SDK's runTransaction); a
 * plain write to a locked document waits. Reading never conflicts. Writes are kept aside and applied
 * at commit in one SQLite transaction.
 */
import { randomBytes } from 'node:crypto';
import { errors } from './errors';
import { describeKey, indexEntries } from './keys';
import type { Doc } from './query';
import { docKey, uniqueKey, type CollRt, type DocStore } from './store';

interface TxWrite {
  coll: string;
  key: string;
  /** the document as the transaction left it; null = removed (or never there) */
  doc: Doc | null;
  /** committed version the write is based on (null = did not exist) */
  baseVer: number | null;
}

export interface Txn {
  id: string;
  snap: number;
  writes: Map<string, TxWrite>; // docKey → write
  keyLocks: Set<string>;
  timer: NodeJS.Timeout;
  done: Promise<void>;
  finish: () => void;
}

/** Thrown by a plain write that meets a document or unique key held by an open transaction. */
export class LockedError extends Error {
  constructor(readonly txn: Txn) {
    super('locked');
  }
}

export class TxManager {
  private readonly txns = new Map<string, Txn>();
  private readonly docLocks = new Map<string, Txn>(); // docKey → holder
  private readonly keyLocks = new Map<string, Txn>(); // unique index entry → holder
  /** why recently finished transactions ended (clear errors on a late commit; abort is idempotent) */
  private readonly ended = new Map<string, string>();

  constructor(
    private readonly store: DocStore,
    private readonly log: (msg: string) => void,
    private readonly timeoutMs: number,
  ) {
    // superseded versions are kept while a snapshot older than the next write is open
    store.keepVersions = () => this.txns.size > 0;
  }

  /** No transaction is open: no document or unique key is locked, no snapshot needs old versions. */
  get idle(): boolean {
    return this.txns.size === 0;
  }

  /** The open transaction named by a request's `transactionId` (undefined when there is none). */
  get(id: unknown): Txn | undefined {
    if (id === undefined || id === null || id === '') return undefined;
    const t = this.txns.get(String(id));
    if (!t) throw errors.txNotExist(String(id), this.ended.get(String(id)));
    return t;
  }

  start(): string {
    const id = `tx_${randomBytes(12).toString('hex')}`;
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    const timer = setTimeout(() => {
      if (this.txns.has(id)) {
        this.log(`[db] transaction ${id} aborted after ${this.timeoutMs} ms open`);
        this.end(t, `timed out after ${this.timeoutMs} ms`);
      }
    }, this.timeoutMs);
    timer.unref();
    const t: Txn = {
      id,
      snap: this.store.version,
      writes: new Map(),
      keyLocks: new Set(),
      timer,
      done,
      finish,
    };
    this.txns.set(id, t);
    return id;
  }

  abort(id: unknown): void {
    const key = String(id ?? '');
    const t = this.txns.get(key);
    if (t) this.end(t, 'aborted');
    // aborting a transaction that already ended (conflict, timeout) is a no-op, as the SDK's
    // runTransaction may roll back after the server already aborted
    else if (!this.ended.has(key)) throw errors.txNotExist(key);
  }

  end(t: Txn, why: string): void {
    clearTimeout(t.timer);
    this.txns.delete(t.id);
    this.ended.set(t.id, why);
    if (this.ended.size > 1000) this.ended.delete(this.ended.keys().next().value as string);
    for (const k of t.writes.keys()) if (this.docLocks.get(k) === t) this.docLocks.delete(k);
    for (const k of t.keyLocks) if (this.keyLocks.get(k) === t) this.keyLocks.delete(k);
    this.store.forgetVersions(
      this.txns.size ? Math.min(...[...this.txns.values()].map((x) => x.snap)) : null,
    );
    t.finish();
  }

  endAll(why: string): void {
    for (const t of [...this.txns.values()]) this.end(t, why);
  }

  /** Write-write conflict: the transaction is aborted (as in MongoDB) and the SDK's runTransaction retries. */
  private conflict(t: Txn): never {
    this.end(t, 'aborted by a write conflict');
    throw errors.conflict();
  }

  /** The document as `t` sees it: its own write, else the snapshot. Never locks, never conflicts. */
  read(t: Txn, coll: CollRt, key: string): Doc | null {
    const own = t.writes.get(docKey(coll.name, key));
    if (own) return own.doc;
    return this.store.loadAt(coll.name, key, t.snap);
  }

  /**
   * Stages `next` (null = remove) for the document: takes its write lock (a conflict if another open
   * transaction holds it, or it changed after the snapshot), and the unique-index keys `next` holds
   * (a conflict if another transaction holds one; a duplicate if committed data or this transaction
   * already has it — the transaction is aborted then, as the server does).
   */
  write(t: Txn, coll: CollRt, key: string, next: Doc | null): void {
    const k = docKey(coll.name, key);
    let w = t.writes.get(k);
    if (!w) {
      const holder = this.docLocks.get(k);
      if (holder && holder !== t) this.conflict(t);
      const changed = this.store.lastChange(coll.name, key);
      if (changed !== null && changed > t.snap) this.conflict(t);
      const committed = this.store.load(coll.name, key);
      this.docLocks.set(k, t);
      w = { coll: coll.name, key, doc: committed?.doc ?? null, baseVer: committed?.ver ?? null };
      t.writes.set(k, w);
    }
    if (next) {
      for (const ix of coll.indexes) {
        if (!ix.unique) continue;
        for (const e of indexEntries(next, ix.fields).entries) {
          const lk = uniqueKey(coll.name, ix.name, e);
          const holder = this.keyLocks.get(lk);
          if (holder && holder !== t) this.conflict(t);
          const same = JSON.stringify(e);
          const clash =
            this.store
              .probe(ix, { eq: e })
              .some((id) => id !== key && !t.writes.has(docKey(coll.name, id))) ||
            [...t.writes.values()].some(
              (o) =>
                o.coll === coll.name &&
                o.key !== key &&
                o.doc !== null &&
                indexEntries(o.doc, ix.fields).entries.some((x) => JSON.stringify(x) === same),
            );
          if (clash) {
            this.end(t, 'aborted by a duplicate key error');
            throw errors.duplicate(coll.name, ix.name, describeKey(ix.fields, e, next));
          }
          this.keyLocks.set(lk, t);
          t.keyLocks.add(lk);
        }
      }
    }
    w.doc = next;
  }

  /** Applies the transaction's writes in one SQLite transaction (all or nothing), then ends it. */
  commit(t: Txn): void {
    try {
      this.store.atomically(() => {
        for (const w of t.writes.values()) {
          const current = this.store.load(w.coll, w.key);
          if ((current?.ver ?? null) !== w.baseVer) throw errors.conflict();
          if (w.doc === null && w.baseVer === null) continue;
          this.store.writeDoc(this.store.coll(w.coll), w.key, w.doc);
        }
      });
    } catch (e) {
      this.end(t, `commit failed: ${(e as Error).message}`);
      throw e;
    }
    this.end(t, 'committed');
  }

  /** For a plain (non-transactional) write: wait if an open transaction holds the document or a unique key. */
  checkUnlocked(coll: CollRt, key: string, next: Doc | null): void {
    const holder = this.docLocks.get(docKey(coll.name, key));
    if (holder) throw new LockedError(holder);
    // no unique key held by an open transaction (the usual case): nothing to compute
    if (next && this.keyLocks.size > 0) {
      for (const ix of coll.indexes) {
        if (!ix.unique) continue;
        for (const e of indexEntries(next, ix.fields).entries) {
          const h = this.keyLocks.get(uniqueKey(coll.name, ix.name, e));
          if (h) throw new LockedError(h);
        }
      }
    }
  }
}

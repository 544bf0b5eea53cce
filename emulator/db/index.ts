/**
 * The database half of the local CloudBase: the `database.*` actions of the `/admin` wire protocol over SQLite.
 * See emulator/README.md ("Database") for the supported actions, index semantics and durability.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Aggregator, Query, find } from 'mingo';
import { update as mingoUpdate } from 'mingo/updater';
import { DbError, errors } from './errors';
import { cloneDoc, parseEJSON, stringifyEJSON } from './ejson';
import { describeKey, idKey, indexEntries, stableStringify, type KeyPart } from './keys';
import { planQuery, probeSql, type IndexInfo, type Plan, type Probe } from './planner';

export interface CollectionSpec {
  name: string;
  indexes?: { name?: string; keys: Record<string, 1 | -1>; unique?: boolean }[];
  permission?: string;
}

export interface LocalDatabaseOptions {
  file: string /* sqlite path, or ':memory:' */;
  collections: CollectionSpec[];
  strictIndexes?: boolean;
  log?: (msg: string) => void;
  /** An open transaction is aborted after this long (default 10 s). */
  transactionTimeoutMs?: number;
  /** the local cloud's clock (db.serverDate(), generated ids); default real time */
  now?: () => number;
  /** called after every committed document write (the clock may not move back before it) */
  onWrite?: () => void;
}

type Doc = Record<string, unknown>;
type Reply = Record<string, unknown>;

interface IndexRt extends IndexInfo {
  unique: boolean;
  tbl: string;
  insert: Database.Statement;
  deleteById: Database.Statement;
}

interface CollRt {
  name: string;
  indexes: IndexRt[];
}

interface Loaded {
  key: string;
  ver: number;
  raw: string;
  doc: Doc;
}

interface TxWrite {
  coll: string;
  key: string;
  /** the document as the transaction left it; null = removed */
  doc: Doc | null;
  /** committed version the transaction based its write on (null = did not exist) */
  baseVer: number | null;
}

interface Txn {
  id: string;
  snap: number;
  writes: Map<string, TxWrite>; // coll \0 key
  keyLocks: Set<string>;
  timer: NodeJS.Timeout;
  done: Promise<void>;
  finish: () => void;
}

/** Thrown inside a synchronous operation when a document or unique key is held by an open transaction. */
class LockedError extends Error {
  constructor(readonly txn: Txn) {
    super('locked');
  }
}

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$rename',
  '$max',
  '$min',
  '$currentDate',
  '$bit',
]);

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const AGGREGATE_DEFAULT_LIMIT = 20;
const COLLECTION_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

function isPlainObject(v: unknown): v is Doc {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);
}

function generateId(now: number): string {
  // 32 hex characters like CloudBase ids, time-prefixed so that they roughly sort by creation
  return (
    Math.floor(now / 1000)
      .toString(16)
      .padStart(8, '0') + randomBytes(12).toString('hex')
  );
}

function indexName(keys: Record<string, 1 | -1>): string {
  return Object.entries(keys)
    .map(([k, d]) => `${k}_${d}`)
    .join('_');
}

function lockKey(coll: string, index: string, entry: KeyPart[]): string {
  return `${coll}\u0000${index}\u0000${JSON.stringify(entry)}`;
}

function wkey(coll: string, key: string): string {
  return `${coll}\u0000${key}`;
}

/** Reads `cloudfunctions/collections.json`: `{ "collections": [ { name, permission?, indexes? } ] }`. */
export function loadCollectionSpecs(file: string): CollectionSpec[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { collections?: unknown };
  if (!parsed || !Array.isArray(parsed.collections)) {
    throw new Error(`${file}: expected { "collections": [ ... ] }`);
  }
  return parsed.collections.map((c, i) => {
    if (!isPlainObject(c) || typeof c.name !== 'string' || !COLLECTION_NAME.test(c.name)) {
      throw new Error(`${file}: collections[${i}] needs a valid "name"`);
    }
    const indexes = (c.indexes ?? []) as unknown;
    if (!Array.isArray(indexes)) throw new Error(`${file}: collections[${i}].indexes must be an array`);
    for (const [j, ix] of indexes.entries()) {
      const keys = isPlainObject(ix) ? ix.keys : undefined;
      if (
        !isPlainObject(keys) ||
        Object.keys(keys).length === 0 ||
        !Object.values(keys).every((d) => d === 1 || d === -1)
      ) {
        throw new Error(`${file}: collections[${i}].indexes[${j}].keys must map fields to 1 or -1`);
      }
    }
    return c as unknown as CollectionSpec;
  });
}

export class LocalDatabase {
  private readonly db: Database.Database;
  private readonly colls = new Map<string, CollRt>();
  private readonly txns = new Map<string, Txn>();
  private readonly docLocks = new Map<string, Txn>(); // coll \0 key → holder
  private readonly keyLocks = new Map<string, Txn>(); // unique index entry → holder
  private readonly probeCache = new Map<string, Database.Statement>();
  /** why recently finished transactions ended (for clear errors on a late commit; abort is idempotent) */
  private readonly ended = new Map<string, string>();
  private readonly strict: boolean;
  private readonly log: (msg: string) => void;
  private readonly txTimeout: number;
  private readonly now: () => number;
  private readonly onWrite: () => void;
  private seq: number;
  private closed = false;

  private readonly st: {
    get: Database.Statement;
    insert: Database.Statement;
    update: Database.Statement;
    remove: Database.Statement;
    scan: Database.Statement;
    count: Database.Statement;
    newest: Database.Statement;
  };

  constructor(opts: LocalDatabaseOptions) {
    this.strict = !!opts.strictIndexes;
    this.log = opts.log ?? (() => undefined);
    this.txTimeout = opts.transactionTimeoutMs ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.onWrite = opts.onWrite ?? (() => undefined);
    this.db = new Database(opts.file);
    // WAL + synchronous=FULL: every commit fsyncs the WAL before we answer, so an acknowledged write
    // survives kill -9 (and power loss).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS tcb_collections (name TEXT PRIMARY KEY, permission TEXT, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS tcb_docs (
        coll TEXT NOT NULL, id TEXT NOT NULL, ver INTEGER NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (coll, id)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS tcb_docs_ver ON tcb_docs (coll, ver);
      CREATE TABLE IF NOT EXISTS tcb_indexes (
        coll TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, tbl TEXT NOT NULL UNIQUE,
        multikey INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (coll, name));
    `);
    this.st = {
      get: this.db.prepare('SELECT id, ver, data FROM tcb_docs WHERE coll = ? AND id = ?'),
      insert: this.db.prepare('INSERT INTO tcb_docs (coll, id, ver, data) VALUES (?, ?, ?, ?)'),
      update: this.db.prepare('UPDATE tcb_docs SET ver = ?, data = ? WHERE coll = ? AND id = ?'),
      remove: this.db.prepare('DELETE FROM tcb_docs WHERE coll = ? AND id = ?'),
      scan: this.db.prepare('SELECT id, ver, data FROM tcb_docs WHERE coll = ?'),
      count: this.db.prepare('SELECT COUNT(*) AS n FROM tcb_docs WHERE coll = ?'),
      newest: this.db.prepare('SELECT data FROM tcb_docs WHERE coll = ? ORDER BY ver DESC LIMIT ?'),
    };
    this.seq = (this.db.prepare('SELECT MAX(ver) AS v FROM tcb_docs').get() as { v: number | null }).v ?? 0;

    const specs = new Map(opts.collections.map((c) => [c.name, c]));
    this.db.transaction(() => {
      for (const spec of specs.values()) {
        this.db
          .prepare('INSERT OR IGNORE INTO tcb_collections (name, permission, created_at) VALUES (?, ?, ?)')
          .run(spec.name, spec.permission ?? null, Date.now());
      }
      const names = this.db.prepare('SELECT name FROM tcb_collections').all() as { name: string }[];
      for (const { name } of names) this.loadCollection(name, specs.get(name));
    })();
  }

  // ---------------------------------------------------------------- collections and indexes

  /** Brings a collection's index tables in line with its spec (runtime-created collections keep theirs). */
  private loadCollection(name: string, spec: CollectionSpec | undefined): void {
    const existing = this.db
      .prepare('SELECT name, spec, tbl, multikey FROM tcb_indexes WHERE coll = ?')
      .all(name) as {
      name: string;
      spec: string;
      tbl: string;
      multikey: number;
    }[];
    const wanted = new Map<string, { fields: string[]; unique: boolean; spec: string }>();
    for (const ix of spec?.indexes ?? []) {
      const fields = Object.keys(ix.keys);
      const n = ix.name ?? indexName(ix.keys);
      wanted.set(n, {
        fields,
        unique: !!ix.unique,
        spec: JSON.stringify({ keys: ix.keys, unique: !!ix.unique }),
      });
    }
    const rt: CollRt = { name, indexes: [] };
    for (const row of existing) {
      const w = wanted.get(row.name);
      if (spec && (!w || w.spec !== row.spec)) {
        this.db.exec(`DROP TABLE IF EXISTS "${row.tbl}"`);
        this.db.prepare('DELETE FROM tcb_indexes WHERE coll = ? AND name = ?').run(name, row.name);
        this.log(`[db] ${name}: dropped index ${row.name} (no longer declared as it was)`);
        continue;
      }
      const parsed = JSON.parse(row.spec) as { keys: Record<string, 1 | -1>; unique: boolean };
      rt.indexes.push(
        this.indexRuntime(row.name, Object.keys(parsed.keys), parsed.unique, row.tbl, !!row.multikey),
      );
      wanted.delete(row.name);
    }
    for (const [n, w] of wanted) {
      const tbl = `ix_${randomBytes(6).toString('hex')}`;
      const cols = w.fields.map((_, i) => `t${i + 1} INTEGER NOT NULL, v${i + 1} NOT NULL`).join(', ');
      const keyCols = w.fields.map((_, i) => `t${i + 1}, v${i + 1}`).join(', ');
      this.db.exec(`CREATE TABLE "${tbl}" (${cols}, id TEXT NOT NULL)`);
      this.db.exec(
        w.unique
          ? `CREATE UNIQUE INDEX "${tbl}_k" ON "${tbl}" (${keyCols})`
          : `CREATE INDEX "${tbl}_k" ON "${tbl}" (${keyCols}, id)`,
      );
      this.db.exec(`CREATE INDEX "${tbl}_id" ON "${tbl}" (id)`);
      this.db
        .prepare('INSERT INTO tcb_indexes (coll, name, spec, tbl) VALUES (?, ?, ?, ?)')
        .run(name, n, w.spec, tbl);
      const ix = this.indexRuntime(n, w.fields, w.unique, tbl, false);
      rt.indexes.push(ix);
      // build from existing documents (fails, like MongoDB, if a unique index meets duplicates)
      let built = 0;
      for (const row of this.st.scan.all(name) as { id: string; data: string }[]) {
        this.addIndexEntries(rt, ix, row.id, parseEJSON(row.data, null) as Doc);
        built++;
      }
      this.log(`[db] ${name}: built index ${n}${w.unique ? ' (unique)' : ''} over ${built} documents`);
    }
    this.colls.set(name, rt);
  }

  private indexRuntime(
    name: string,
    fields: string[],
    unique: boolean,
    tbl: string,
    multikey: boolean,
  ): IndexRt {
    const cols = fields.map((_, i) => `t${i + 1}, v${i + 1}`).join(', ');
    const qs = fields.map(() => '?, ?').join(', ');
    return {
      name,
      fields,
      unique,
      tbl,
      multikey,
      insert: this.db.prepare(
        `INSERT ${unique ? '' : 'OR IGNORE '}INTO "${tbl}" (${cols}, id) VALUES (${qs}, ?)`,
      ),
      deleteById: this.db.prepare(`DELETE FROM "${tbl}" WHERE id = ?`),
    };
  }

  private addIndexEntries(coll: CollRt, ix: IndexRt, key: string, doc: Doc): void {
    const { entries, multikey } = indexEntries(doc, ix.fields);
    if (multikey && !ix.multikey) {
      ix.multikey = true;
      this.db
        .prepare('UPDATE tcb_indexes SET multikey = 1 WHERE coll = ? AND name = ?')
        .run(coll.name, ix.name);
    }
    for (const e of entries) {
      try {
        ix.insert.run(...e.flat(), key);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw errors.duplicate(coll.name, ix.name, describeKey(ix.fields, e, doc));
        }
        throw err;
      }
    }
  }

  private coll(name: unknown): CollRt {
    const c = typeof name === 'string' ? this.colls.get(name) : undefined;
    if (!c) throw errors.collectionNotExist(String(name));
    return c;
  }

  private createCollection(name: unknown): void {
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
      throw errors.invalidParam(`invalid collection name ${JSON.stringify(name)}`);
    }
    if (this.colls.has(name)) throw errors.collectionExists(name);
    this.db
      .prepare('INSERT INTO tcb_collections (name, permission, created_at) VALUES (?, NULL, ?)')
      .run(name, Date.now());
    this.colls.set(name, { name, indexes: [] });
  }

  // ---------------------------------------------------------------- reading

  private loadByKey(coll: string, key: string): Loaded | null {
    const row = this.st.get.get(coll, key) as { id: string; ver: number; data: string } | undefined;
    return row ? { key: row.id, ver: row.ver, raw: row.data, doc: parseEJSON(row.data, null) as Doc } : null;
  }

  private planKeys(coll: CollRt, plan: Plan): Set<string> | null {
    switch (plan.kind) {
      case 'scan':
        return null;
      case 'ids': {
        const keys = new Set<string>();
        for (const id of plan.ids) if (typeof id === 'string' || typeof id === 'number') keys.add(idKey(id));
        return keys;
      }
      case 'index': {
        const keys = new Set<string>();
        for (const probe of plan.probes)
          for (const id of this.probe(plan.index as IndexRt, probe)) keys.add(id);
        return keys;
      }
      case 'or': {
        const keys = new Set<string>();
        for (const b of plan.branches) {
          const k = this.planKeys(coll, b);
          if (k === null) return null;
          for (const x of k) keys.add(x);
        }
        return keys;
      }
    }
  }

  /** Document keys of the index entries a probe selects (served by the SQLite index on the key columns). */
  private probe(ix: IndexRt, probe: Probe): string[] {
    const { where, params } = probeSql(probe);
    const sql = `SELECT id FROM "${ix.tbl}" WHERE ${where}`;
    let stmt = this.probeCache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql).pluck();
      this.probeCache.set(sql, stmt);
    }
    return stmt.all(...params) as string[];
  }

  /** Checks strict-index mode and returns the committed candidate documents for a query. */
  private candidates(coll: CollRt, query: Doc | undefined): Loaded[] {
    const planned = planQuery(query, coll.indexes);
    if (this.strict && !planned.served) {
      throw errors.notServed(coll.name, stringifyEJSON(query ?? {}));
    }
    const keys = this.planKeys(coll, planned.plan);
    if (keys === null) {
      const rows = this.st.scan.all(coll.name) as { id: string; ver: number; data: string }[];
      return rows.map((r) => ({ key: r.id, ver: r.ver, raw: r.data, doc: parseEJSON(r.data, null) as Doc }));
    }
    const out: Loaded[] = [];
    for (const k of keys) {
      const l = this.loadByKey(coll.name, k);
      if (l) out.push(l);
    }
    return out;
  }

  private compile(query: Doc | undefined): Query | null {
    if (!query || Object.keys(query).length === 0) return null;
    try {
      return new Query(query, {});
    } catch (e) {
      throw errors.badQuery(`${(e as Error).message} in ${stableStringify(query)}`);
    }
  }

  private test(q: Query | null, doc: Doc): boolean {
    if (!q) return true;
    try {
      return q.test(doc);
    } catch (e) {
      throw errors.badQuery((e as Error).message);
    }
  }

  /**
   * Documents matching `query` as seen by `txn` (its own writes overlaid on committed data), or by a plain
   * read when `txn` is undefined. A transaction that meets a document committed after it started conflicts.
   */
  private match(coll: CollRt, query: Doc | undefined, txn?: Txn): Loaded[] {
    const q = this.compile(query);
    let rows = this.candidates(coll, query);
    if (txn) {
      const own: Loaded[] = [];
      for (const w of txn.writes.values()) {
        if (w.coll === coll.name && w.doc) own.push({ key: w.key, ver: -1, raw: '', doc: w.doc });
      }
      rows = rows.filter((r) => !txn.writes.has(wkey(coll.name, r.key)));
      rows = rows.concat(own);
    }
    const out = rows.filter((r) => this.test(q, r.doc));
    if (txn) {
      for (const r of out) {
        if (r.ver > txn.snap) this.conflict(txn);
      }
    }
    return out;
  }

  private sortSkipLimit(
    docs: Doc[],
    order: Record<string, 1 | -1> | undefined,
    skip: number,
    limit: number,
  ): Doc[] {
    let cursor = find(docs, {});
    if (order && Object.keys(order).length > 0) cursor = cursor.sort(order);
    if (skip > 0) cursor = cursor.skip(skip);
    return cursor.limit(limit).all() as Doc[];
  }

  private project(docs: Doc[], projection: Doc | undefined): Doc[] {
    if (!projection || Object.keys(projection).length === 0) return docs;
    try {
      return find(docs, {}, projection).all() as Doc[];
    } catch (e) {
      throw errors.badQuery(`projection ${stableStringify(projection)}: ${(e as Error).message}`);
    }
  }

  // ---------------------------------------------------------------- writing

  /** Writes (or removes) one document with its index entries; call inside a SQLite transaction. */
  private writeDoc(coll: CollRt, key: string, exists: boolean, next: Doc | null): void {
    const ver = ++this.seq;
    this.onWrite();
    if (exists) for (const ix of coll.indexes) ix.deleteById.run(key);
    if (next === null) {
      this.st.remove.run(coll.name, key);
      return;
    }
    const raw = stringifyEJSON(next);
    if (exists) this.st.update.run(ver, raw, coll.name, key);
    else this.st.insert.run(coll.name, key, ver, raw);
    for (const ix of coll.indexes) this.addIndexEntries(coll, ix, key, next);
  }

  /** Unique-index lock keys a document version would hold. */
  private uniqueLocks(coll: CollRt, doc: Doc): string[] {
    const out: string[] = [];
    for (const ix of coll.indexes) {
      if (!ix.unique) continue;
      for (const e of indexEntries(doc, ix.fields).entries) out.push(lockKey(coll.name, ix.name, e));
    }
    return out;
  }

  /** For a plain (non-transactional) write: wait if an open transaction holds the document or a unique key. */
  private checkUnlocked(coll: CollRt, key: string, next: Doc | null): void {
    const holder = this.docLocks.get(wkey(coll.name, key));
    if (holder) throw new LockedError(holder);
    if (next) {
      for (const lk of this.uniqueLocks(coll, next)) {
        const h = this.keyLocks.get(lk);
        if (h) throw new LockedError(h);
      }
    }
  }

  private applyUpdate(doc: Doc, modifier: Doc): Doc {
    const ops = Object.keys(modifier);
    const mod: Doc = ops.some((k) => k.startsWith('$')) ? modifier : { $set: modifier };
    for (const op of Object.keys(mod)) {
      if (!UPDATE_OPERATORS.has(op)) throw errors.badQuery(`unknown update operator ${op}`);
      if (!isPlainObject(mod[op])) throw errors.invalidParam(`${op} needs an object`);
      if (Object.keys(mod[op] as Doc).some((f) => f === '_id' || f.startsWith('_id.'))) {
        throw errors.invalidParam('不能更新_id的值 (_id is immutable)');
      }
    }
    const next = cloneDoc(doc);
    try {
      mingoUpdate(next, mod as Parameters<typeof mingoUpdate>[1], undefined, undefined, {
        cloneMode: 'deep',
      });
    } catch (e) {
      if (e instanceof DbError) throw e;
      throw errors.badQuery(`update ${stableStringify(mod)}: ${(e as Error).message}`);
    }
    return next;
  }

  /** Base document for an upsert: the equality fields of the query. */
  private upsertBase(query: Doc | undefined): Doc {
    const base: Doc = {};
    const set: Doc = {};
    for (const [k, v] of Object.entries(query ?? {})) {
      if (k.startsWith('$')) continue;
      if (isPlainObject(v) && Object.keys(v).every((x) => x.startsWith('$'))) {
        if ('$eq' in v) set[k] = v.$eq;
      } else set[k] = v;
    }
    if (Object.keys(set).length > 0) mingoUpdate(base, { $set: set } as Parameters<typeof mingoUpdate>[1]);
    return base;
  }

  // ---------------------------------------------------------------- transactions

  private txn(id: unknown): Txn | undefined {
    if (id === undefined || id === null || id === '') return undefined;
    const t = this.txns.get(String(id));
    if (!t) throw errors.txNotExist(String(id), this.ended.get(String(id)));
    return t;
  }

  private startTxn(): string {
    const id = `tx_${randomBytes(12).toString('hex')}`;
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    const timer = setTimeout(() => {
      if (this.txns.has(id)) {
        this.log(`[db] transaction ${id} aborted after ${this.txTimeout} ms open`);
        this.endTxn(t, `timed out after ${this.txTimeout} ms`);
      }
    }, this.txTimeout);
    timer.unref();
    const t: Txn = { id, snap: this.seq, writes: new Map(), keyLocks: new Set(), timer, done, finish };
    this.txns.set(id, t);
    return id;
  }

  private endTxn(t: Txn, why: string): void {
    clearTimeout(t.timer);
    this.txns.delete(t.id);
    this.ended.set(t.id, why);
    if (this.ended.size > 1000) this.ended.delete(this.ended.keys().next().value as string);
    for (const k of t.writes.keys()) if (this.docLocks.get(k) === t) this.docLocks.delete(k);
    for (const k of t.keyLocks) if (this.keyLocks.get(k) === t) this.keyLocks.delete(k);
    t.finish();
  }

  /** Write-write conflict: the transaction is aborted (as in MongoDB) and the SDK's runTransaction retries. */
  private conflict(t: Txn): never {
    this.endTxn(t, 'aborted by a write conflict');
    throw errors.conflict();
  }

  /** Takes the write lock on a document for `t` and returns the version the transaction sees. */
  private txLockDoc(t: Txn, coll: CollRt, key: string): Doc | null {
    const k = wkey(coll.name, key);
    const own = t.writes.get(k);
    if (own) return own.doc;
    const holder = this.docLocks.get(k);
    if (holder && holder !== t) this.conflict(t);
    const committed = this.loadByKey(coll.name, key);
    if (committed && committed.ver > t.snap) this.conflict(t);
    this.docLocks.set(k, t);
    t.writes.set(k, { coll: coll.name, key, doc: committed?.doc ?? null, baseVer: committed?.ver ?? null });
    return committed?.doc ?? null;
  }

  /** Records a transactional write after checking unique indexes against committed data and the transaction. */
  private txWrite(t: Txn, coll: CollRt, key: string, next: Doc | null): void {
    const k = wkey(coll.name, key);
    if (next) {
      for (const ix of coll.indexes) {
        if (!ix.unique) continue;
        for (const e of indexEntries(next, ix.fields).entries) {
          const lk = lockKey(coll.name, ix.name, e);
          const holder = this.keyLocks.get(lk);
          if (holder && holder !== t) this.conflict(t);
          const ids = this.probe(ix, { eq: e });
          const clash =
            ids.some((id) => id !== key && !t.writes.has(wkey(coll.name, id))) ||
            [...t.writes.values()].some(
              (w) =>
                w.coll === coll.name &&
                w.key !== key &&
                w.doc !== null &&
                indexEntries(w.doc, ix.fields).entries.some((x) => JSON.stringify(x) === JSON.stringify(e)),
            );
          if (clash) {
            this.endTxn(t, 'aborted by a duplicate key error');
            throw errors.duplicate(coll.name, ix.name, describeKey(ix.fields, e, next));
          }
          this.keyLocks.set(lk, t);
          t.keyLocks.add(lk);
        }
      }
    }
    t.writes.get(k)!.doc = next;
  }

  private commitTxn(t: Txn): void {
    try {
      this.db.transaction(() => {
        for (const w of t.writes.values()) {
          const coll = this.coll(w.coll);
          const current = this.st.get.get(w.coll, w.key) as { ver: number } | undefined;
          if ((current?.ver ?? null) !== w.baseVer) throw errors.conflict();
          if (w.doc === null && w.baseVer === null) continue;
          this.writeDoc(coll, w.key, w.baseVer !== null, w.doc);
        }
      })();
    } catch (e) {
      this.endTxn(t, `commit failed: ${(e as Error).message}`);
      throw e;
    }
    this.endTxn(t, 'committed');
  }

  // ---------------------------------------------------------------- wire actions

  async handle(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.closed) return { code: 'SYS_ERR', message: 'database is closed' };
    for (;;) {
      try {
        return this.dispatch(action, body ?? {});
      } catch (e) {
        if (e instanceof LockedError) {
          // a plain write met a document/key held by an open transaction: wait for it to end, then retry
          await e.txn.done;
          continue;
        }
        if (e instanceof DbError) return { code: e.code, message: e.message };
        const msg = (e as Error)?.message ?? String(e);
        this.log(`[db] ${action} failed: ${(e as Error)?.stack ?? msg}`);
        return { code: 'DATABASE_REQUEST_FAILED', message: `[InternalError] ${msg}` };
      }
    }
  }

  private parseQuery(text: unknown): Doc | undefined {
    if (text === undefined || text === null || text === '') return undefined;
    if (typeof text !== 'string') throw errors.invalidParam('query must be an EJSON string');
    const q = parseEJSON(text, this.now());
    if (!isPlainObject(q)) throw errors.badQuery(`query must be an object: ${text}`);
    return q;
  }

  private parseData(text: unknown): Doc {
    const v = typeof text === 'string' ? parseEJSON(text, this.now()) : undefined;
    if (!isPlainObject(v)) throw errors.invalidParam('data must be an EJSON object string');
    return v;
  }

  private dispatch(action: string, body: Record<string, unknown>): Reply {
    switch (action) {
      case 'database.addCollection':
        this.createCollection(body.collectionName);
        return {};
      case 'database.getDocument':
        return this.getDocument(body);
      case 'database.calculateDocument':
        return this.calculateDocument(body);
      case 'database.insertDocument':
        return this.insertDocument(body);
      case 'database.modifyDocument':
        return this.modifyDocument(body, false);
      case 'database.modifyAndReturnDoc':
        return this.modifyDocument({ ...body, multi: false, merge: true, upsert: false }, true);
      case 'database.removeDocument':
        return this.removeDocument(body);
      case 'database.aggregateDocuments':
        return this.aggregate(body);
      case 'database.startTransaction':
        return { transactionId: this.startTxn() };
      case 'database.commitTransaction': {
        const t = this.txn(body.transactionId);
        if (!t) throw errors.invalidParam('transactionId is required');
        this.commitTxn(t);
        return {};
      }
      case 'database.abortTransaction': {
        const id = String(body.transactionId ?? '');
        const t = this.txns.get(id);
        if (t) this.endTxn(t, 'aborted');
        // aborting a transaction that already ended (conflict, timeout) is a no-op, as the SDK's
        // runTransaction may roll back after the server already aborted
        else if (!this.ended.has(id)) throw errors.txNotExist(id);
        return {};
      }
      default:
        return { code: 'INVALID_ACTION', message: `[InvalidAction] unsupported action ${action}` };
    }
  }

  private getDocument(body: Record<string, unknown>): Reply {
    const coll = this.coll(body.collectionName);
    const t = this.txn(body.transactionId);
    const query = this.parseQuery(body.query);
    const order = body.order ? (parseEJSON(String(body.order)) as Record<string, 1 | -1>) : undefined;
    const projection = body.projection ? (parseEJSON(String(body.projection)) as Doc) : undefined;
    const offset = Math.max(0, Number(body.offset ?? 0) || 0);
    const rawLimit = Number(body.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT;
    const limit = Math.min(Math.max(1, rawLimit), MAX_LIMIT);
    const rows = this.match(coll, query, t);
    const raw = new WeakMap<Doc, string>();
    for (const r of rows) if (r.raw) raw.set(r.doc, r.raw);
    const page = this.sortSkipLimit(
      rows.map((r) => r.doc),
      order,
      offset,
      limit,
    );
    const list =
      projection && Object.keys(projection).length > 0
        ? this.project(page, projection).map(stringifyEJSON)
        : page.map((d) => raw.get(d) ?? stringifyEJSON(d));
    return { data: { list, limit, offset } };
  }

  private calculateDocument(body: Record<string, unknown>): Reply {
    const coll = this.coll(body.collectionName);
    const t = this.txn(body.transactionId);
    const query = this.parseQuery(body.query);
    if (!t && (!query || Object.keys(query).length === 0)) {
      return { data: { total: (this.st.count.get(coll.name) as { n: number }).n } };
    }
    return { data: { total: this.match(coll, query, t).length } };
  }

  private insertDocument(body: Record<string, unknown>): Reply {
    const coll = this.coll(body.collectionName);
    const t = this.txn(body.transactionId);
    const items = Array.isArray(body.data) ? body.data : [body.data];
    if (items.length === 0) throw errors.invalidParam('data must not be empty');
    const docs = items.map((x) => {
      const d = this.parseData(x);
      if (d._id === undefined || d._id === null) {
        const rest = { ...d };
        delete rest._id;
        return { _id: generateId(this.now()), ...rest };
      }
      if (typeof d._id !== 'string' && typeof d._id !== 'number') {
        throw errors.invalidParam('_id must be a string or a number');
      }
      return d;
    });
    const ids = docs.map((d) => d._id);
    if (t) {
      for (const d of docs) {
        const key = idKey(d._id);
        const seen = this.txLockDoc(t, coll, key);
        if (seen) {
          this.endTxn(t, 'aborted by a duplicate key error');
          throw errors.duplicate(coll.name, '_id_', `{ _id: ${stableStringify(d._id)} }`);
        }
        this.txWrite(t, coll, key, d);
      }
      return { data: { insertedIds: ids } };
    }
    this.db.transaction(() => {
      const inBatch = new Set<string>();
      for (const d of docs) {
        const key = idKey(d._id);
        this.checkUnlocked(coll, key, d);
        if (inBatch.has(key) || this.st.get.get(coll.name, key)) {
          throw errors.duplicate(coll.name, '_id_', `{ _id: ${stableStringify(d._id)} }`);
        }
        inBatch.add(key);
        this.writeDoc(coll, key, false, d);
      }
    })();
    return { data: { insertedIds: ids } };
  }

  private modifyDocument(body: Record<string, unknown>, returnDoc: boolean): Reply {
    const coll = this.coll(body.collectionName);
    const t = this.txn(body.transactionId);
    const query = this.parseQuery(body.query);
    const data = this.parseData(body.data);
    const merge = body.merge !== false;
    const multi = body.multi === true;
    const upsert = body.upsert === true;
    if (!merge && (data._id !== undefined || Object.keys(data).some((k) => k.startsWith('$')))) {
      if (Object.keys(data).some((k) => k.startsWith('$')))
        throw errors.badQuery('replacement document cannot contain operators');
      throw errors.invalidParam('不能更新_id的值 (_id is immutable)');
    }

    const compute = (current: Doc | null, id: unknown): Doc => {
      if (!merge) return { _id: id, ...cloneDoc(data) };
      return this.applyUpdate(current ?? { ...this.upsertBase(query), _id: id }, data);
    };

    const run = (): Reply => {
      let targets = this.match(coll, query, t);
      if (!multi) targets = targets.slice(0, 1);
      let updated = 0;
      let upsertId: unknown;
      let lastDoc: Doc | null = null;
      for (const target of targets) {
        const next = compute(target.doc, target.doc._id);
        lastDoc = next;
        if (stringifyEJSON(next) === stringifyEJSON(target.doc)) continue;
        if (t) {
          this.txLockDoc(t, coll, target.key);
          this.txWrite(t, coll, target.key, next);
        } else {
          this.checkUnlocked(coll, target.key, next);
          this.writeDoc(coll, target.key, true, next);
        }
        updated++;
      }
      if (targets.length === 0 && upsert) {
        const qid = query?._id;
        const id = typeof qid === 'string' || typeof qid === 'number' ? qid : generateId(this.now());
        const next = compute(null, id);
        const key = idKey(id);
        if (t) {
          if (this.txLockDoc(t, coll, key)) this.conflict(t);
          this.txWrite(t, coll, key, next);
        } else {
          this.checkUnlocked(coll, key, next);
          if (this.st.get.get(coll.name, key))
            throw errors.duplicate(coll.name, '_id_', `{ _id: ${stableStringify(id)} }`);
          this.writeDoc(coll, key, false, next);
        }
        upsertId = id;
        lastDoc = next;
      }
      const data: Doc = { updated, matched: targets.length };
      if (upsertId !== undefined) data.upsert_id = upsertId;
      if (returnDoc) data.doc = lastDoc ? stringifyEJSON(lastDoc) : null;
      return { data };
    };
    return t ? run() : this.db.transaction(run)();
  }

  private removeDocument(body: Record<string, unknown>): Reply {
    const coll = this.coll(body.collectionName);
    const t = this.txn(body.transactionId);
    const query = this.parseQuery(body.query);
    const multi = body.multi !== false;
    const run = (): Reply => {
      let targets = this.match(coll, query, t);
      if (!multi) targets = targets.slice(0, 1);
      for (const target of targets) {
        if (t) {
          this.txLockDoc(t, coll, target.key);
          this.txWrite(t, coll, target.key, null);
        } else {
          this.checkUnlocked(coll, target.key, null);
          this.writeDoc(coll, target.key, true, null);
        }
      }
      return { data: { deleted: targets.length } };
    };
    return t ? run() : this.db.transaction(run)();
  }

  private aggregate(body: Record<string, unknown>): Reply {
    const coll = this.coll(body.collectionName);
    if (!Array.isArray(body.stages)) throw errors.invalidParam('stages must be an array');
    const pipeline = (body.stages as { stageKey?: unknown; stageValue?: unknown }[]).map((s) => {
      if (typeof s?.stageKey !== 'string' || typeof s.stageValue !== 'string') {
        throw errors.invalidParam('each stage needs stageKey and stageValue');
      }
      return { [s.stageKey]: parseEJSON(s.stageValue, this.now()) };
    });
    const first = pipeline[0];
    const firstMatch = first && isPlainObject(first.$match) ? (first.$match as Doc) : undefined;
    this.compile(firstMatch);
    const docs = this.candidates(coll, firstMatch).map((r) => r.doc);
    const resolver = (name: string): Doc[] => {
      if (!this.colls.has(name)) return [];
      return (this.st.scan.all(name) as { data: string }[]).map((r) => parseEJSON(r.data, null) as Doc);
    };
    let out: Doc[];
    try {
      out = new Aggregator(pipeline, { collectionResolver: resolver }).run(docs) as Doc[];
    } catch (e) {
      throw errors.badQuery(`aggregate: ${(e as Error).message}`);
    }
    // CloudBase answers an aggregation without a `$limit` stage with its first 20 results only
    // (seen on the platform, not written in its reference): cut the same way so a pipeline that
    // forgot `.limit()` fails here too.
    if (!pipeline.some((s) => '$limit' in s)) out = out.slice(0, AGGREGATE_DEFAULT_LIMIT);
    return { data: { list: out.map(stringifyEJSON) } };
  }

  // ---------------------------------------------------------------- dev UI

  listCollections(): { name: string; count: number }[] {
    return [...this.colls.keys()]
      .sort()
      .map((name) => ({ name, count: (this.st.count.get(name) as { n: number }).n }));
  }

  listDocuments(name: string, limit: number): unknown[] {
    if (!this.colls.has(name)) return [];
    const rows = this.st.newest.all(name, Math.max(0, Math.floor(limit))) as { data: string }[];
    return rows.map((r) => parseEJSON(r.data, null));
  }

  close(): void {
    if (this.closed) return;
    for (const t of [...this.txns.values()]) this.endTxn(t, 'database closed');
    this.closed = true;
    this.db.close();
  }
}

/**
 * The store: documents and index tables in one SQLite file, and the versions transactions may still
 * need to read. It knows nothing of the wire protocol or of transactions; `writeDoc` is the one place
 * a document reaches disk. See emulator/README.md "Database: storage, indexes and strict-index mode".
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { errors } from './errors';
import { parseEJSON, stringifyEJSON } from './ejson';
import { describeKey, idKey, indexEntries, type KeyPart } from './keys';
import { planQuery, probeSql, type IndexInfo, type Plan, type Probe } from './planner';
import { isPlainObject, type Doc } from './query';

export interface CollectionSpec {
  name: string;
  indexes?: { name?: string; keys: Record<string, 1 | -1>; unique?: boolean }[];
  permission?: string;
}

export interface IndexRt extends IndexInfo {
  unique: boolean;
  tbl: string;
  insert: Database.Statement;
  deleteById: Database.Statement;
}

export interface CollRt {
  name: string;
  indexes: IndexRt[];
}

/** A stored document: its key (`idKey(_id)`), version, stored text and parsed value. */
export interface Loaded {
  key: string;
  ver: number;
  raw: string;
  doc: Doc;
}

/** A superseded version, kept while an open transaction's snapshot may still read it. */
interface OldVersion {
  /** the version number of the write that replaced (or removed) it */
  until: number;
  /** the document as it was; null = it did not exist */
  doc: Doc | null;
}

export const COLLECTION_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

function indexName(keys: Record<string, 1 | -1>): string {
  return Object.entries(keys)
    .map(([k, d]) => `${k}_${d}`)
    .join('_');
}

export function docKey(coll: string, key: string): string {
  return `${coll}\u0000${key}`;
}

export function uniqueKey(coll: string, index: string, entry: KeyPart[]): string {
  return `${coll}\u0000${index}\u0000${JSON.stringify(entry)}`;
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

export interface StoreOptions {
  file: string;
  collections: CollectionSpec[];
  log: (msg: string) => void;
  /** called after every document write (the local cloud's clock may not move back before it) */
  onWrite: () => void;
}

export class DocStore {
  private readonly db: Database.Database;
  private readonly colls = new Map<string, CollRt>();
  private readonly probeCache = new Map<string, Database.Statement>();
  /** superseded versions by docKey, oldest first, while `keepVersions()` says someone may read them */
  private readonly old = new Map<string, OldVersion[]>();
  private readonly log: (msg: string) => void;
  private readonly onWrite: () => void;
  /** the newest version number handed out (every write takes the next one) */
  private seq: number;
  /** set by the transaction manager: are there open snapshots older than the next write? */
  keepVersions: () => boolean = () => false;

  private readonly st: {
    get: Database.Statement;
    insert: Database.Statement;
    update: Database.Statement;
    remove: Database.Statement;
    scan: Database.Statement;
    count: Database.Statement;
    newest: Database.Statement;
  };

  constructor(opts: StoreOptions) {
    this.log = opts.log;
    this.onWrite = opts.onWrite;
    this.db = new Database(opts.file);
    // WAL + synchronous=FULL: every commit fsyncs the WAL before we answer, so an acknowledged write
    // survives kill -9 (and power loss).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    // up to 256 MiB of pages in memory (SQLite's default is 2 MiB): a university-sized database's
    // index B-trees stay cached instead of being re-read from the OS on every insert (bench "scale")
    this.db.pragma('cache_size = -262144');
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
    this.tx = this.db.transaction((fn: () => unknown) => fn());
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

  /** The newest version number (a transaction's snapshot point). */
  get version(): number {
    return this.seq;
  }

  /**
   * Runs `fn` as one SQLite transaction (one fsync at its end); inside another, as a savepoint (an
   * error undoes `fn`'s writes only). One wrapper made once: better-sqlite3 builds a new one per
   * `db.transaction()` call, which was a measurable share of a bulk insert (bench/README.md "scale").
   */
  atomically<T>(fn: () => T): T {
    return this.tx(fn) as T;
  }
  private readonly tx: (fn: () => unknown) => unknown;

  // ---------------------------------------------------------------- collections and indexes

  /** Brings a collection's index tables in line with its spec (runtime-created collections keep theirs). */
  private loadCollection(name: string, spec: CollectionSpec | undefined): void {
    const existing = this.db
      .prepare('SELECT name, spec, tbl, multikey FROM tcb_indexes WHERE coll = ?')
      .all(name) as { name: string; spec: string; tbl: string; multikey: number }[];
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
      // the entries ARE the key's B-tree (WITHOUT ROWID, primary key = the key, + id unless unique):
      // one B-tree write per entry instead of a row plus its key index (index files made before this
      // change keep their rowid table and separate unique index; both are read and written alike)
      this.db.exec(
        `CREATE TABLE "${tbl}" (${cols}, id TEXT NOT NULL, PRIMARY KEY (${keyCols}${w.unique ? '' : ', id'})) WITHOUT ROWID`,
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
        const code = (err as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw errors.duplicate(coll.name, ix.name, describeKey(ix.fields, e, doc));
        }
        throw err;
      }
    }
  }

  coll(name: unknown): CollRt {
    const c = typeof name === 'string' ? this.colls.get(name) : undefined;
    if (!c) throw errors.collectionNotExist(String(name));
    return c;
  }

  createCollection(name: unknown): void {
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
      throw errors.invalidParam(`invalid collection name ${JSON.stringify(name)}`);
    }
    if (this.colls.has(name)) throw errors.collectionExists(name);
    this.db
      .prepare('INSERT INTO tcb_collections (name, permission, created_at) VALUES (?, NULL, ?)')
      .run(name, Date.now());
    this.colls.set(name, { name, indexes: [] });
  }

  // ---------------------------------------------------------------- reading committed data

  load(coll: string, key: string): Loaded | null {
    const row = this.st.get.get(coll, key) as { id: string; ver: number; data: string } | undefined;
    return row ? { key: row.id, ver: row.ver, raw: row.data, doc: parseEJSON(row.data, null) as Doc } : null;
  }

  /**
   * The document as it was at version `snap` (a transaction's snapshot): the committed one if it is not
   * newer, else the superseded version kept for open snapshots (null = it did not exist then).
   */
  loadAt(coll: string, key: string, snap: number): Doc | null {
    const cur = this.load(coll, key);
    if (cur && cur.ver <= snap) return cur.doc;
    // the first write after the snapshot replaced what the snapshot saw
    const after = this.old.get(docKey(coll, key))?.find((o) => o.until > snap);
    return after ? after.doc : null;
  }

  /** The version of the last write to this document (its removal included), or null if never written. */
  lastChange(coll: string, key: string): number | null {
    const olds = this.old.get(docKey(coll, key));
    const last = Math.max(this.load(coll, key)?.ver ?? -1, olds?.at(-1)?.until ?? -1);
    return last < 0 ? null : last;
  }

  /** Drops superseded versions no open snapshot (all ≥ `oldestSnap`) can read; null = none open. */
  forgetVersions(oldestSnap: number | null): void {
    if (oldestSnap === null) {
      this.old.clear();
      return;
    }
    for (const [k, list] of this.old) {
      const keep = list.filter((o) => o.until > oldestSnap);
      if (keep.length) this.old.set(k, keep);
      else this.old.delete(k);
    }
  }

  /** Committed candidates for a query (from the planned index probes, or a scan); `served` for strict mode. */
  candidates(coll: CollRt, query: Doc | undefined): { rows: Loaded[]; served: boolean } {
    const planned = planQuery(query, coll.indexes);
    const keys = this.planKeys(planned.plan);
    if (keys === null) {
      const rows = this.st.scan.all(coll.name) as { id: string; ver: number; data: string }[];
      return {
        rows: rows.map((r) => ({ key: r.id, ver: r.ver, raw: r.data, doc: parseEJSON(r.data, null) as Doc })),
        served: planned.served,
      };
    }
    const out: Loaded[] = [];
    for (const k of keys) {
      const l = this.load(coll.name, k);
      if (l) out.push(l);
    }
    return { rows: out, served: planned.served };
  }

  private planKeys(plan: Plan): Set<string> | null {
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
          const k = this.planKeys(b);
          if (k === null) return null;
          for (const x of k) keys.add(x);
        }
        return keys;
      }
    }
  }

  /** Document keys of the index entries a probe selects (served by the SQLite index on the key columns). */
  probe(ix: IndexRt, probe: Probe): string[] {
    const { where, params } = probeSql(probe);
    const sql = `SELECT id FROM "${ix.tbl}" WHERE ${where}`;
    let stmt = this.probeCache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql).pluck();
      this.probeCache.set(sql, stmt);
    }
    return stmt.all(...params) as string[];
  }

  /** Every committed document of a collection (an aggregate's `$lookup`); none if it does not exist. */
  all(name: string): Doc[] {
    if (!this.colls.has(name)) return [];
    return (this.st.scan.all(name) as { data: string }[]).map((r) => parseEJSON(r.data, null) as Doc);
  }

  count(name: string): number {
    return (this.st.count.get(name) as { n: number }).n;
  }

  // ---------------------------------------------------------------- the one write

  /**
   * Writes (or removes, `next` null) one document with its index entries, under the next version.
   * Call inside `atomically`. A unique-index clash throws DATABASE_DUPLICATE_WRITE (the caller's SQLite
   * transaction then rolls back what this write did).
   */
  writeDoc(coll: CollRt, key: string, next: Doc | null): void {
    const prev = this.load(coll.name, key);
    const ver = ++this.seq;
    if (this.keepVersions()) {
      const k = docKey(coll.name, key);
      const list = this.old.get(k) ?? [];
      list.push({ until: ver, doc: prev?.doc ?? null });
      this.old.set(k, list);
    }
    this.onWrite();
    if (prev) for (const ix of coll.indexes) ix.deleteById.run(key);
    if (next === null) {
      if (prev) this.st.remove.run(coll.name, key);
      return;
    }
    const raw = stringifyEJSON(next);
    if (prev) this.st.update.run(ver, raw, coll.name, key);
    else this.st.insert.run(coll.name, key, ver, raw);
    for (const ix of coll.indexes) this.addIndexEntries(coll, ix, key, next);
  }

  // ---------------------------------------------------------------- dev UI

  listCollections(): { name: string; count: number }[] {
    return [...this.colls.keys()].sort().map((name) => ({ name, count: this.count(name) }));
  }

  listDocuments(name: string, limit: number): unknown[] {
    if (!this.colls.has(name)) return [];
    const rows = this.st.newest.all(name, Math.max(0, Math.floor(limit))) as { data: string }[];
    return rows.map((r) => parseEJSON(r.data, null));
  }

  close(): void {
    this.db.close();
  }
}

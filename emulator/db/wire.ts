/**
 * The wire adapter: decodes the `database.*` actions of the `/admin` protocol (EJSON strings, SDK
 * field names), runs them as operations in a plain or transactional scope, and encodes the replies
 * and errors as CloudBase does. See emulator/README.md ("Database").
 */
import { Aggregator } from 'mingo';
import { DbError, errors } from './errors';
import { parseEJSON, stringifyEJSON } from './ejson';
import { stableStringify } from './keys';
import {
  insert,
  insertAllOrNothing,
  isDuplicate,
  modify,
  plainScope,
  read,
  remove,
  txScope,
  withIds,
  type Scope,
} from './operations';
import { compile, isPlainObject, project, sortSkipLimit, type Doc } from './query';
import { DocStore, type CollRt, type CollectionSpec } from './store';
import { LockedError, TxManager } from './transactions';

export { loadCollectionSpecs, type CollectionSpec } from './store';

export interface LocalDatabaseOptions {
  file: string /* sqlite path, or ':memory:' */;
  collections: CollectionSpec[];
  strictIndexes?: boolean;
  log?: (msg: string) => void;
  /** An open transaction is aborted after this long (default 10 s). */
  transactionTimeoutMs?: number;
  /** the local cloud's clock (db.serverDate(), generated ids); default real time */
  now?: () => number;
  /** called after every document write (the clock may not move back before it) */
  onWrite?: () => void;
}

type Reply = Record<string, unknown>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const AGGREGATE_DEFAULT_LIMIT = 20;

export class LocalDatabase {
  private readonly store: DocStore;
  private readonly txm: TxManager;
  private readonly strict: boolean;
  private readonly log: (msg: string) => void;
  private readonly now: () => number;
  private closed = false;

  constructor(opts: LocalDatabaseOptions) {
    this.strict = !!opts.strictIndexes;
    this.log = opts.log ?? (() => undefined);
    this.now = opts.now ?? Date.now;
    this.store = new DocStore({
      file: opts.file,
      collections: opts.collections,
      log: this.log,
      onWrite: opts.onWrite ?? (() => undefined),
    });
    this.txm = new TxManager(this.store, this.log, opts.transactionTimeoutMs ?? 10_000);
  }

  async handle(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.closed) return { code: 'SYS_ERR', message: 'database is closed' };
    for (;;) {
      try {
        return this.dispatch(action, body ?? {});
      } catch (e) {
        if (e instanceof LockedError) {
          // a plain write met a document/key held by an open transaction: nothing of it was written
          // (its SQLite transaction rolled back); wait for that transaction to end, then retry
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

  // ---------------------------------------------------------------- decoding

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

  /** The scope a request runs in, and how to run a write in it (plain writes: one SQLite transaction). */
  private scope(body: Record<string, unknown>): Scope {
    const t = this.txm.get(body.transactionId);
    return t ? txScope(this.txm, t) : plainScope(this.store, this.txm, this.strict);
  }

  private run<T>(scope: Scope, fn: () => T): T {
    return scope.txn ? fn() : this.store.atomically(fn);
  }

  private dispatch(action: string, body: Record<string, unknown>): Reply {
    switch (action) {
      case 'database.addCollection':
        this.store.createCollection(body.collectionName);
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
        return { transactionId: this.txm.start() };
      case 'database.commitTransaction': {
        const t = this.txm.get(body.transactionId);
        if (!t) throw errors.invalidParam('transactionId is required');
        this.txm.commit(t);
        return {};
      }
      case 'database.abortTransaction':
        this.txm.abort(body.transactionId);
        return {};
      default:
        return { code: 'INVALID_ACTION', message: `[InvalidAction] unsupported action ${action}` };
    }
  }

  /** In a transaction only single-document requests (`queryType: 'DOC'`, as doc(id) sends) are allowed. */
  private refuseWhereInTxn(scope: Scope, body: Record<string, unknown>, what: string): void {
    if (scope.txn && body.queryType !== 'DOC') throw errors.notInTransaction(what);
  }

  private getDocument(body: Record<string, unknown>): Reply {
    const coll = this.store.coll(body.collectionName);
    const scope = this.scope(body);
    this.refuseWhereInTxn(scope, body, 'where().get()');
    const query = this.parseQuery(body.query);
    const order = body.order ? (parseEJSON(String(body.order)) as Record<string, 1 | -1>) : undefined;
    const projection = body.projection ? (parseEJSON(String(body.projection)) as Doc) : undefined;
    const offset = Math.max(0, Number(body.offset ?? 0) || 0);
    const rawLimit = Number(body.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT;
    const limit = Math.min(Math.max(1, rawLimit), MAX_LIMIT);
    if (this.strict && offset > 0 && !totallyOrdered(coll, order))
      throw errors.unordered(coll.name, stableStringify(order ?? {}));
    const rows = read(scope, coll, query);
    const raw = new WeakMap<Doc, string>();
    for (const r of rows) if (r.raw) raw.set(r.doc, r.raw);
    const page = sortSkipLimit(
      rows.map((r) => r.doc),
      order,
      offset,
      limit,
    );
    const list =
      projection && Object.keys(projection).length > 0
        ? project(page, projection).map(stringifyEJSON)
        : page.map((d) => raw.get(d) ?? stringifyEJSON(d));
    return { data: { list, limit, offset } };
  }

  private calculateDocument(body: Record<string, unknown>): Reply {
    const coll = this.store.coll(body.collectionName);
    const scope = this.scope(body);
    if (scope.txn) throw errors.notInTransaction('count()');
    const query = this.parseQuery(body.query);
    if (!query || Object.keys(query).length === 0) return { data: { total: this.store.count(coll.name) } };
    return { data: { total: read(scope, coll, query).length } };
  }

  private insertDocument(body: Record<string, unknown>): Reply {
    const coll = this.store.coll(body.collectionName);
    const scope = this.scope(body);
    const items = Array.isArray(body.data) ? body.data : [body.data];
    if (items.length === 0) throw errors.invalidParam('data must not be empty');
    if (scope.txn && items.length > 1) throw errors.notInTransaction('add() of several documents');
    const docs = withIds(
      items.map((x) => this.parseData(x)),
      this.now,
    );
    if (!scope.txn && docs.length > 1 && this.txm.idle) {
      try {
        return { data: this.store.atomically(() => insertAllOrNothing(this.store, coll, docs)) };
      } catch (e) {
        // a duplicate: nothing was written; the ordered insert below keeps the documents before it
        if (!isDuplicate(e)) throw e;
      }
    }
    const r = this.run(scope, () => insert(scope, coll, docs));
    // an ordered insert stopped by a duplicate: the documents before it stay written, the request fails
    if (r.error) throw r.error;
    return { data: { insertedIds: r.insertedIds } };
  }

  private modifyDocument(body: Record<string, unknown>, returnDoc: boolean): Reply {
    const coll = this.store.coll(body.collectionName);
    const scope = this.scope(body);
    if (returnDoc && scope.txn) throw errors.notInTransaction('updateAndReturn()');
    this.refuseWhereInTxn(scope, body, 'where().update()');
    const request = {
      query: this.parseQuery(body.query),
      data: this.parseData(body.data),
      merge: body.merge !== false,
      multi: body.multi === true,
      upsert: body.upsert === true,
    };
    const r = this.run(scope, () => modify(scope, coll, request, this.now));
    const data: Doc = { updated: r.updated, matched: r.matched };
    if (r.upsertId !== undefined) data.upsert_id = r.upsertId;
    if (returnDoc) data.doc = r.last ? stringifyEJSON(r.last) : null;
    return { data };
  }

  private removeDocument(body: Record<string, unknown>): Reply {
    const coll = this.store.coll(body.collectionName);
    const scope = this.scope(body);
    this.refuseWhereInTxn(scope, body, 'where().remove()');
    const query = this.parseQuery(body.query);
    const deleted = this.run(scope, () => remove(scope, coll, query, body.multi !== false));
    return { data: { deleted } };
  }

  private aggregate(body: Record<string, unknown>): Reply {
    const coll = this.store.coll(body.collectionName);
    if (this.scope(body).txn) throw errors.notInTransaction('aggregate()');
    if (!Array.isArray(body.stages)) throw errors.invalidParam('stages must be an array');
    const pipeline = (body.stages as { stageKey?: unknown; stageValue?: unknown }[]).map((s) => {
      if (typeof s?.stageKey !== 'string' || typeof s.stageValue !== 'string') {
        throw errors.invalidParam('each stage needs stageKey and stageValue');
      }
      return { [s.stageKey]: parseEJSON(s.stageValue, this.now()) };
    });
    const first = pipeline[0];
    const firstMatch = first && isPlainObject(first.$match) ? (first.$match as Doc) : undefined;
    compile(firstMatch);
    const { rows, served } = this.store.candidates(coll, firstMatch);
    if (this.strict && !served) throw errors.notServed(coll.name, stringifyEJSON(firstMatch ?? {}));
    let out: Doc[];
    try {
      out = new Aggregator(pipeline, { collectionResolver: (name) => this.store.all(name) }).run(
        rows.map((r) => r.doc),
      ) as Doc[];
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
    return this.store.listCollections();
  }

  listDocuments(name: string, limit: number): unknown[] {
    return this.store.listDocuments(name, limit);
  }

  close(): void {
    if (this.closed) return;
    this.txm.endAll('database closed');
    this.closed = true;
    this.store.close();
  }
}

/** An order that no two documents share: it names `_id`, or every field of a unique index. */
function totallyOrdered(coll: CollRt, order: Record<string, 1 | -1> | undefined): boolean {
  const fields = new Set(Object.keys(order ?? {}));
  if (fields.has('_id')) return true;
  return coll.indexes.some((ix) => ix.unique && ix.fields.every((f) => fields.has(f)));
}

/**
 * MongoDB semantics the database applies to documents in memory (mingo): matching, sort/skip/limit,
 * projection, update operators, the base document of an upsert, generated ids. No storage here.
 */
import { randomBytes } from 'node:crypto';
import { Query, find } from 'mingo';
import { update as mingoUpdate } from 'mingo/updater';
import { DbError, errors } from './errors';
import { cloneDoc } from './ejson';
import { stableStringify } from './keys';

export type Doc = Record<string, unknown>;

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

export function isPlainObject(v: unknown): v is Doc {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);
}

/** 32 hex characters like CloudBase ids, time-prefixed so that they roughly sort by creation. */
export function generateId(now: number): string {
  return (
    Math.floor(now / 1000)
      .toString(16)
      .padStart(8, '0') + randomBytes(12).toString('hex')
  );
}

/** A compiled query (null = matches everything). */
export function compile(query: Doc | undefined): Query | null {
  if (!query || Object.keys(query).length === 0) return null;
  try {
    return new Query(query, {});
  } catch (e) {
    throw errors.badQuery(`${(e as Error).message} in ${stableStringify(query)}`);
  }
}

export function matches(q: Query | null, doc: Doc): boolean {
  if (!q) return true;
  try {
    return q.test(doc);
  } catch (e) {
    throw errors.badQuery((e as Error).message);
  }
}

export function sortSkipLimit(
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

export function project(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  try {
    return find(docs, {}, projection).all() as Doc[];
  } catch (e) {
    throw errors.badQuery(`projection ${stableStringify(projection)}: ${(e as Error).message}`);
  }
}

/** The document after `modifier` (update operators, or plain fields = `$set`). */
export function applyUpdate(doc: Doc, modifier: Doc): Doc {
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
export function upsertBase(query: Doc | undefined): Doc {
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

/**
 * Extended JSON as the CloudBase SDK speaks it (`bson` EJSON inside @cloudbase/database):
 * - requests carry CANONICAL EJSON strings (`{"$numberInt":"1"}`, `{"$date":{"$numberLong":"5"}}`,
 *   `{"$regularExpression":{"pattern":"ab","options":"i"}}`, `{"$tcb_server_date":{"offset":0}}` for db.serverDate());
 * - replies carry RELAXED EJSON strings that the SDK turns back into values with `EJSON.parse` (Dates as
 *   `{"$date":"<ISO>"}`, numbers as plain JSON numbers).
 * Documents are stored in SQLite in the same relaxed form, so a stored row can be sent back unchanged.
 */
import { errors } from './errors';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Turns a decoded `{$date: …}` payload into a Date. */
function toDate(v: unknown): Date {
  if (typeof v === 'string') return new Date(v);
  if (typeof v === 'number') return new Date(v);
  if (v && typeof v === 'object' && typeof (v as { $numberLong?: unknown }).$numberLong === 'string') {
    return new Date(Number((v as { $numberLong: string }).$numberLong));
  }
  throw errors.invalidParam(`invalid $date value ${JSON.stringify(v)}`);
}

/** JS RegExp flags from BSON regex options (BSON allows i, m, s, x, l, u; JS knows i, m, s, u). */
function toRegExp(pattern: string, options: string): RegExp {
  const flags = [...new Set(options.split(''))].filter((f) => 'imsu'.includes(f)).join('');
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    throw errors.badQuery(`invalid regular expression /${pattern}/${options}: ${(e as Error).message}`);
  }
}

/**
 * Parses an EJSON string (canonical or relaxed) into plain JS values: numbers, Dates, RegExps.
 * `now` resolves `{$tcb_server_date:{offset}}` (db.serverDate()) to a Date; pass `null` when server dates
 * are not expected (stored documents).
 */
export function parseEJSON(text: string, now: number | null = Date.now()): unknown {
  let parsed: unknown;
  try {
    // fast path: no "$…" key anywhere means no extended types
    if (!text.includes('"$')) return JSON.parse(text) as unknown;
    parsed = JSON.parse(text, function reviver(_key, value: unknown) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      if (keys.length === 0 || keys[0][0] !== '$') return value;
      const k = keys[0];
      if (keys.length === 1) {
        switch (k) {
          case '$numberInt':
          case '$numberLong':
          case '$numberDouble':
          case '$numberDecimal':
            return Number(obj[k]);
          case '$date':
            return toDate(obj.$date);
          case '$oid':
            return String(obj.$oid);
          case '$regularExpression': {
            const r = obj.$regularExpression as { pattern?: unknown; options?: unknown };
            return toRegExp(String(r.pattern ?? ''), String(r.options ?? ''));
          }
          case '$tcb_server_date': {
            if (now === null) return value;
            const off = (obj.$tcb_server_date as { offset?: unknown } | null)?.offset;
            return new Date(now + (typeof off === 'number' ? off : 0));
          }
          case '$undefined':
            return null;
        }
      }
      // legacy EJSON regex form {$regex, $options} is left to mingo (it understands $regex/$options)
      return value;
    });
  } catch (e) {
    if ((e as { code?: string }).code) throw e;
    throw errors.invalidParam(`malformed EJSON: ${(e as Error).message}`);
  }
  return parsed;
}

/** Relaxed EJSON (what the SDK's `EJSON.parse` expects in replies, and our storage format). */
export function stringifyEJSON(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) {
      const ms = raw.getTime();
      if (Number.isNaN(ms)) return null;
      // relaxed EJSON uses ISO strings for years 1970..9999, canonical $numberLong otherwise
      return ms >= 0 && ms <= 253402300799999
        ? { $date: raw.toISOString() }
        : { $date: { $numberLong: String(ms) } };
    }
    if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: raw.flags } };
    if (typeof raw === 'number' && !Number.isFinite(raw)) {
      return { $numberDouble: Number.isNaN(raw) ? 'NaN' : raw > 0 ? 'Infinity' : '-Infinity' };
    }
    if (raw === undefined) return undefined;
    return v as Json;
  });
}

/** Deep copy that keeps Dates and RegExps (documents are plain data). */
export function cloneDoc<T>(v: T): T {
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (v instanceof RegExp) return new RegExp(v.source, v.flags) as T;
  if (Array.isArray(v)) return v.map(cloneDoc) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = cloneDoc(x);
    return out as T;
  }
  return v;
}

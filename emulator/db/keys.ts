/**
 * Index keys as SQLite values. Every key component is stored as a pair (type tag, value) so that SQLite's own
 * ordering and equality match MongoDB's for the types the app uses: the tag follows MongoDB's BSON type order
 * (null < numbers < strings < objects < arrays < booleans < dates < regexps) and the value column holds a
 * number (numbers, dates as epoch ms, booleans as 0/1) or text (strings, canonical JSON of objects).
 */
export const TAG = {
  null: 1,
  number: 2,
  string: 3,
  object: 4,
  array: 5,
  bool: 8,
  date: 9,
  regexp: 11,
} as const;

export type KeyPart = [tag: number, value: number | string];

/** Deterministic JSON (sorted keys) for object keys and messages. */
export function stableStringify(v: unknown): string {
  if (v instanceof Date) return `ISODate("${v.toISOString()}")`;
  if (v instanceof RegExp) return String(v);
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
      .join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

/** The (tag, value) pair of one scalar; undefined/missing is null, as in MongoDB indexes. */
export function encodeKeyPart(v: unknown): KeyPart {
  if (v === null || v === undefined) return [TAG.null, 0];
  if (typeof v === 'number') return [TAG.number, v];
  if (typeof v === 'string') return [TAG.string, v];
  if (typeof v === 'boolean') return [TAG.bool, v ? 1 : 0];
  if (v instanceof Date) return [TAG.date, v.getTime()];
  if (v instanceof RegExp) return [TAG.regexp, String(v)];
  if (Array.isArray(v)) return [TAG.array, stableStringify(v)];
  return [TAG.object, stableStringify(v)];
}

/** Whether a query literal can be looked up in an index (objects/arrays/regexps are left to mingo). */
export function isIndexableLiteral(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'number' ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (v instanceof Date && !Number.isNaN(v.getTime()))
  );
}

/**
 * Values a document holds at a dotted path, expanded the way MongoDB multikey indexes do: arrays on the way
 * and at the end are unrolled (an empty array at the end is indexed as itself, a missing field as null).
 * Returns whether an array was unrolled (the index is then "multikey").
 */
export function valuesAtPath(doc: unknown, path: string): { values: unknown[]; multikey: boolean } {
  const parts = path.split('.');
  let multikey = false;
  const out: unknown[] = [];
  const walk = (v: unknown, i: number): void => {
    if (i === parts.length) {
      if (Array.isArray(v)) {
        multikey = true;
        if (v.length === 0) out.push(v);
        else for (const x of v) out.push(x);
      } else out.push(v);
      return;
    }
    if (Array.isArray(v)) {
      multikey = true;
      // a numeric part addresses an element; otherwise descend into every element
      const idx = /^\d+$/.test(parts[i]) ? Number(parts[i]) : -1;
      if (idx >= 0) walk(v[idx], i + 1);
      else if (v.length === 0) walk(undefined, parts.length);
      else for (const x of v) walk(x, i);
      return;
    }
    if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof RegExp)) {
      walk((v as Record<string, unknown>)[parts[i]], i + 1);
      return;
    }
    walk(undefined, parts.length);
  };
  walk(doc, 0);
  return { values: out, multikey };
}

/** All index entries (one per combination of unrolled values) of a document for a compound key. */
export function indexEntries(doc: unknown, fields: string[]): { entries: KeyPart[][]; multikey: boolean } {
  let multikey = false;
  let rows: KeyPart[][] = [[]];
  for (const f of fields) {
    const r = valuesAtPath(doc, f);
    multikey = multikey || r.multikey;
    const parts = r.values.map(encodeKeyPart);
    const next: KeyPart[][] = [];
    for (const row of rows) for (const p of parts) next.push([...row, p]);
    rows = next;
  }
  const seen = new Set<string>();
  const entries = rows.filter((r) => {
    const k = JSON.stringify(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { entries, multikey };
}

/** `{ field: value, … }` as MongoDB prints a duplicate key. */
export function describeKey(fields: string[], entry: KeyPart[], doc: unknown): string {
  const shown = fields.map((f, i) => {
    const vals = valuesAtPath(doc, f).values;
    const match = vals.find((v) => {
      const p = encodeKeyPart(v);
      return p[0] === entry[i][0] && p[1] === entry[i][1];
    });
    return `${f}: ${stableStringify(match === undefined ? null : match)}`;
  });
  return `{ ${shown.join(', ')} }`;
}

/** Storage key of an `_id` value ('s:' strings, 'n:' numbers) — keeps "1" and 1 apart. */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return `s:${id}`;
  if (typeof id === 'number' && Number.isFinite(id)) return `n:${id}`;
  throw new TypeError(`_id must be a string or a number, got ${stableStringify(id)}`);
}

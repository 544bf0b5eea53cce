/**
 * Query planning: which rows to fetch from SQLite before mingo applies the full query semantics.
 *
 * A field condition is "index-usable" when it is an equality with a scalar (`{a: 1}`, `{a: {$eq: 1}}`,
 * `{a: null}`), an `$in` of scalars, or a range (`$gt/$gte/$lt/$lte` with a scalar). A query is SERVED when
 * - it has an index-usable condition on `_id`, or
 * - it has an index-usable condition on the FIRST key of a declared index, or
 * - it is an `$or` whose every branch is served.
 * Conditions are taken from the top level of the query and from `$and` (both are conjunctions).
 */
import { TAG, encodeKeyPart, isIndexableLiteral, type KeyPart } from './keys';

export interface IndexInfo {
  name: string;
  fields: string[];
  multikey: boolean;
}

interface FieldCond {
  eq: unknown[][]; // each entry: alternatives (an $in list, or one literal)
  lower?: { value: unknown; inclusive: boolean };
  upper?: { value: unknown; inclusive: boolean };
}

/** One SQL lookup: equality parts for a prefix of the index, then an optional range on the next key. */
export interface Probe {
  eq: KeyPart[];
  range?: {
    tag: number;
    lower?: { v: number | string; inc: boolean };
    upper?: { v: number | string; inc: boolean };
  };
}

export type Plan =
  | { kind: 'scan' }
  | { kind: 'ids'; ids: unknown[] }
  | { kind: 'index'; index: IndexInfo; probes: Probe[] }
  | { kind: 'or'; branches: Plan[] };

export interface Planned {
  plan: Plan;
  served: boolean;
}

const MAX_PROBES = 1000;

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Date || v instanceof RegExp)
    return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function collectConds(query: Record<string, unknown>, conds: Map<string, FieldCond>, ors: unknown[][]): void {
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) {
        if (sub && typeof sub === 'object' && !Array.isArray(sub))
          collectConds(sub as Record<string, unknown>, conds, ors);
      }
      continue;
    }
    if (key === '$or' && Array.isArray(value)) {
      ors.push(value);
      continue;
    }
    if (key.startsWith('$')) continue;
    const c = conds.get(key) ?? { eq: [] };
    conds.set(key, c);
    if (isOperatorObject(value)) {
      for (const [op, arg] of Object.entries(value)) {
        if (op === '$eq' && isIndexableLiteral(arg)) c.eq.push([arg]);
        else if (op === '$in' && Array.isArray(arg) && arg.length > 0 && arg.every(isIndexableLiteral))
          c.eq.push(arg);
        else if ((op === '$gt' || op === '$gte') && isIndexableLiteral(arg) && arg !== null) {
          c.lower = { value: arg, inclusive: op === '$gte' };
        } else if ((op === '$lt' || op === '$lte') && isIndexableLiteral(arg) && arg !== null) {
          c.upper = { value: arg, inclusive: op === '$lte' };
        }
      }
    } else if (isIndexableLiteral(value)) {
      c.eq.push([value]);
    }
  }
}

function usable(c: FieldCond | undefined): boolean {
  return !!c && (c.eq.length > 0 || !!c.lower || !!c.upper);
}

/** Intersection of several alternative lists (`{a: 1, a: {$in: [1, 2]}}` → [1]). */
function eqValues(c: FieldCond): unknown[] {
  let vals = c.eq[0];
  for (const alt of c.eq.slice(1)) {
    const keys = new Set(alt.map((v) => JSON.stringify(encodeKeyPart(v))));
    vals = vals.filter((v) => keys.has(JSON.stringify(encodeKeyPart(v))));
  }
  const seen = new Set<string>();
  return vals.filter((v) => {
    const k = JSON.stringify(encodeKeyPart(v));
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function rangeOf(c: FieldCond, multikey: boolean): Probe['range'] {
  const lo = c.lower ? encodeKeyPart(c.lower.value) : undefined;
  const hi = c.upper ? encodeKeyPart(c.upper.value) : undefined;
  if (lo && hi && lo[0] !== hi[0]) {
    // bounds of different types: MongoDB compares within one type; keep the lower bound only, mingo checks the rest
    return { tag: lo[0], lower: { v: lo[1], inc: !!c.lower?.inclusive } };
  }
  const tag = (lo ?? hi)![0];
  const range: NonNullable<Probe['range']> = { tag };
  if (lo) range.lower = { v: lo[1], inc: !!c.lower?.inclusive };
  // on a multikey index two bounds may be met by different array elements: use one bound in SQL
  if (hi && !(multikey && lo)) range.upper = { v: hi[1], inc: !!c.upper?.inclusive };
  return range;
}

function planIndex(
  index: IndexInfo,
  conds: Map<string, FieldCond>,
): { probes: Probe[]; score: number } | null {
  let prefix: KeyPart[][] = [[]];
  let score = 0;
  for (let i = 0; i < index.fields.length; i++) {
    const c = conds.get(index.fields[i]);
    if (!usable(c)) break;
    if (c!.eq.length > 0) {
      const vals = eqValues(c!);
      if (vals.length === 0) return { probes: [], score: 100 }; // contradictory equalities: nothing matches
      if (prefix.length * vals.length > MAX_PROBES) break;
      const next: KeyPart[][] = [];
      for (const p of prefix) for (const v of vals) next.push([...p, encodeKeyPart(v)]);
      prefix = next;
      score += 10;
      continue;
    }
    const range = rangeOf(c!, index.multikey);
    return { probes: prefix.map((eq) => ({ eq, range })), score: score + 5 };
  }
  if (score === 0) return null;
  return { probes: prefix.map((eq) => ({ eq })), score };
}

export function planQuery(query: Record<string, unknown> | undefined, indexes: IndexInfo[]): Planned {
  if (!query || Object.keys(query).length === 0) return { plan: { kind: 'scan' }, served: true };
  const conds = new Map<string, FieldCond>();
  const ors: unknown[][] = [];
  collectConds(query, conds, ors);

  const idCond = conds.get('_id');
  if (idCond && idCond.eq.length > 0) {
    return { plan: { kind: 'ids', ids: eqValues(idCond) }, served: true };
  }
  let best: { index: IndexInfo; probes: Probe[]; score: number } | null = null;
  for (const index of indexes) {
    const p = planIndex(index, conds);
    if (p && (!best || p.score > best.score)) best = { index, ...p };
  }
  if (best) return { plan: { kind: 'index', index: best.index, probes: best.probes }, served: true };
  const idRange = usable(idCond);

  for (const branches of ors) {
    const planned = branches.map((b) =>
      b && typeof b === 'object' && !Array.isArray(b)
        ? planQuery(b as Record<string, unknown>, indexes)
        : { plan: { kind: 'scan' as const }, served: false },
    );
    // an empty branch `{}` matches everything: the $or is then no help
    const allServed = planned.every((p, i) => p.served && Object.keys(branches[i] as object).length > 0);
    if (allServed) {
      const branchPlans = planned.map((p) => p.plan);
      if (branchPlans.every((p) => p.kind !== 'scan'))
        return { plan: { kind: 'or', branches: branchPlans }, served: true };
      return { plan: { kind: 'scan' }, served: true };
    }
  }
  return { plan: { kind: 'scan' }, served: idRange };
}

/** SQL WHERE clause and parameters of a probe over an index table with columns t1,v1,t2,v2,… */
export function probeSql(probe: Probe): { where: string; params: (number | string)[] } {
  const clauses: string[] = [];
  const params: (number | string)[] = [];
  probe.eq.forEach(([t, v], i) => {
    clauses.push(`t${i + 1} = ? AND v${i + 1} = ?`);
    params.push(t, v);
  });
  if (probe.range) {
    const n = probe.eq.length + 1;
    clauses.push(`t${n} = ?`);
    params.push(probe.range.tag);
    if (probe.range.lower) {
      clauses.push(`v${n} ${probe.range.lower.inc ? '>=' : '>'} ?`);
      params.push(probe.range.lower.v);
    }
    if (probe.range.upper) {
      clauses.push(`v${n} ${probe.range.upper.inc ? '<=' : '<'} ?`);
      params.push(probe.range.upper.v);
    }
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}

export { TAG };

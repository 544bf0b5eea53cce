import type { BranchKind } from '../../../types/member';
import { collection, db, firstDoc, readAllAfter, readIn, type Transaction } from './db';

export interface BranchDoc {
  _id: string;
  name: string;
  college: string;
  kind?: BranchKind;
  linkedUnit?: string;
  createdAt: number;
  updatedAt: number;
}

/** A branch as the handlers read it: the document, its `_id` as `id`. */
export type BranchRecord = Omit<BranchDoc, '_id'> & { id: string };

export function toBranchRecord(doc: BranchDoc): BranchRecord {
  const r: BranchRecord = {
    id: doc._id,
    name: doc.name,
    college: doc.college ?? '',
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
  if (doc.kind) r.kind = doc.kind;
  if (doc.linkedUnit) r.linkedUnit = doc.linkedUnit;
  return r;
}

/**
 * All branches by name (served by `name_unique`), in pages: a large university has more than 1,000.
 * Only for what must see every branch at once (the admin's overview); a screen that shows branches
 * pages them (`pageBranches`) or names the few it shows (`branchesByIds`).
 */
export async function listBranches(): Promise<BranchRecord[]> {
  // names are unique (`name_unique`): pages by name after name
  return (await readAllAfter<BranchDoc>('branches', {}, 'name')).map(toBranchRecord);
}

/** A page of branches by name and whether more follow. */
export interface BranchPage {
  items: BranchRecord[];
  /** the name to continue after, or null when this page is the last */
  next: string | null;
}

/**
 * One page of branches by name after `after` (keyset on the unique `name_unique`: the page starts at
 * its index position whatever the page number), `q`: names containing it (case-insensitive). One
 * request: `limit + 1` read to learn whether a page follows without asking again. The name is always
 * bounded below (`> after`, or `>= ''` on the first page), so the search is an index range the
 * database walks in name order, testing the regex on the index keys (MongoDB does the same for an
 * unanchored regex on an indexed field), never a collection scan.
 */
export async function pageBranches(opts: { q?: string; after?: string; limit: number }): Promise<BranchPage> {
  const d = db();
  const cmd = d.command;
  const range = { name: opts.after === undefined ? cmd.gte('') : cmd.gt(opts.after) };
  const where = opts.q
    ? cmd.and([range, { name: d.RegExp({ regexp: escapeRegExp(opts.q), options: 'i' }) }])
    : range;
  const res = await collection('branches')
    .where(where)
    .orderBy('name', 'asc')
    .limit(opts.limit + 1)
    .get();
  const docs = res.data as BranchDoc[];
  const items = docs.slice(0, opts.limit).map(toBranchRecord);
  return { items, next: docs.length > opts.limit ? items[items.length - 1].name : null };
}

/** How many branches there are (`q`: whose names contain it) — one count, metadata when no `q`. */
export async function countBranches(q?: string): Promise<number> {
  const d = db();
  const where = q
    ? d.command.and([
        { name: d.command.gte('') },
        { name: d.RegExp({ regexp: escapeRegExp(q), options: 'i' }) },
      ])
    : {};
  const res = await collection('branches').where(where).count();
  return Number((res as { total?: number }).total ?? 0);
}

/** These branches (`_id $in`, one request per 100 ids); ids that do not exist are absent. */
export async function branchesByIds(ids: readonly string[]): Promise<BranchRecord[]> {
  return (await readIn<BranchDoc>('branches', '_id', ids)).map(toBranchRecord);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Branch names by id, for the rows of a page (primary-key reads, 100 ids a request). */
export async function branchNamesByIds(ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await readIn<BranchDoc>(
    'branches',
    '_id',
    ids.filter((id) => !!id),
    {},
    { name: true },
  );
  return new Map(rows.map((b) => [b._id, b.name]));
}

export async function getBranch(id: string, tx?: Transaction): Promise<BranchRecord | null> {
  const res = tx ? await tx.collection('branches').doc(id).get() : await collection('branches').doc(id).get();
  const doc = firstDoc<BranchDoc>(res.data);
  return doc ? toBranchRecord(doc) : null;
}

/** Inserts a branch inside `tx` (with its audit entry); the unique `name_unique` refuses a taken name. */
export async function insertBranch(doc: BranchDoc, tx: Transaction): Promise<void> {
  await tx.collection('branches').add(doc);
}

export async function updateBranchFields(
  id: string,
  fields: Partial<Omit<BranchDoc, '_id' | 'createdAt'>>,
  tx?: Transaction,
): Promise<void> {
  if (tx) await tx.collection('branches').doc(id).update(fields);
  else await collection('branches').doc(id).update(fields);
}

/** One cheap read (the post-deploy health check): throws when the database cannot be reached. */
export async function probeBranches(): Promise<void> {
  await collection('branches').limit(1).get();
}

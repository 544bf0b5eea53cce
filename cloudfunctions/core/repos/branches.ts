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

/** All branches by name (served by `name_unique`), in pages: a large university has more than 1,000. */
export async function listBranches(): Promise<BranchRecord[]> {
  // names are unique (`name_unique`): pages by name after name
  return (await readAllAfter<BranchDoc>('branches', {}, 'name')).map(toBranchRecord);
}

/**
 * One page of branches by name after `afterName` (served by `name_unique`): `limit` documents at most,
 * the university's size never read at once.
 */
export async function branchesPage(afterName: string | undefined, limit: number): Promise<BranchRecord[]> {
  const cmd = db().command;
  const res = await collection('branches')
    .where(afterName === undefined ? {} : { name: cmd.gt(afterName) })
    .orderBy('name', 'asc')
    .limit(limit)
    .get();
  return (res.data as BranchDoc[]).map(toBranchRecord);
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

import type { MemberStatus, Role } from '../../../types/member';
import { collection, db, readAll, readIn, type Transaction } from './db';

/** A roster row as stored in `members`. */
export interface MemberDoc {
  _id: string;
  branchId: string;
  name: string;
  staffNo: string;
  phone?: string | null;
  /**
   * The bound WeChat openid, or `unbound:<_id>` while no one is bound. `members.openid` has a plain
   * unique index; every row carries a distinct value, so uniqueness needs no sparse/partial index
   * support (CloudBase and the local cloud behave the same). The placeholder can never match a
   * caller: context.ts accepts only [A-Za-z0-9_-] openids.
   */
  openid: string;
  status: MemberStatus;
  roles: Role[];
  boundAt?: number | null;
  quitRequestedAt?: number | null;
  quitReason?: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The row as the rest of the server sees it: `openid` is null while unbound. */
export interface MemberRecord {
  id: string;
  branchId: string;
  name: string;
  staffNo: string;
  phone: string | null;
  openid: string | null;
  status: MemberStatus;
  roles: Role[];
  boundAt?: number;
  quitRequestedAt?: number;
  createdAt: number;
  updatedAt: number;
}

const PLACEHOLDER_PREFIX = 'unbound:';

export function unboundOpenid(memberId: string): string {
  return PLACEHOLDER_PREFIX + memberId;
}

export function isUnboundOpenid(openid: string): boolean {
  return openid.startsWith(PLACEHOLDER_PREFIX);
}

export function toMemberRecord(doc: MemberDoc): MemberRecord {
  return {
    id: doc._id,
    branchId: doc.branchId,
    name: doc.name,
    staffNo: doc.staffNo,
    phone: doc.phone ?? null,
    openid: doc.openid && !isUnboundOpenid(doc.openid) ? doc.openid : null,
    status: doc.status,
    roles: Array.isArray(doc.roles) ? doc.roles : [],
    boundAt: doc.boundAt ?? undefined,
    quitRequestedAt: doc.quitRequestedAt ?? undefined,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** The row bound (or pending) to this openid; served by the unique index `openid_unique`. */
export async function findMemberByOpenid(openid: string): Promise<MemberRecord | null> {
  if (!openid || isUnboundOpenid(openid)) return null;
  const res = await collection('members').where({ openid }).limit(1).get();
  const doc = (res.data as MemberDoc[])[0];
  return doc ? toMemberRecord(doc) : null;
}

export async function getMember(id: string, tx?: Transaction): Promise<MemberRecord | null> {
  const res = tx ? await tx.collection('members').doc(id).get() : await collection('members').doc(id).get();
  const data = res.data as MemberDoc | MemberDoc[] | null | undefined;
  const doc = Array.isArray(data) ? data[0] : data;
  return doc ? toMemberRecord(doc) : null;
}

/** A new roster row (unbound). Ids are chosen by the caller so the placeholder openid can name them. */
export function newMemberDoc(
  fields: {
    id: string;
    branchId: string;
    name: string;
    staffNo: string;
    phone?: string | null;
    roles?: Role[];
  },
  now: number,
): MemberDoc {
  return {
    _id: fields.id,
    branchId: fields.branchId,
    name: fields.name,
    staffNo: fields.staffNo,
    phone: fields.phone ?? null,
    openid: unboundOpenid(fields.id),
    status: 'unbound',
    roles: fields.roles ?? ['member'],
    createdAt: now,
    updatedAt: now,
  };
}

/** The SDK caps one read at 1000 documents. */
const PAGE = 1000;

/** Roster rows with these staff numbers (served by `staffNo_unique`), in pages of `$in` lists. */
export async function findMembersByStaffNos(staffNos: readonly string[]): Promise<MemberDoc[]> {
  const cmd = db().command;
  const out: MemberDoc[] = [];
  for (let i = 0; i < staffNos.length; i += 500) {
    const chunk = staffNos.slice(i, i + 500);
    const res = await collection('members')
      .where({ staffNo: cmd.in(chunk) })
      .limit(PAGE)
      .get();
    out.push(...(res.data as MemberDoc[]));
  }
  return out;
}

export async function findMemberByStaffNo(staffNo: string): Promise<MemberRecord | null> {
  const res = await collection('members').where({ staffNo }).limit(1).get();
  const doc = (res.data as MemberDoc[])[0];
  return doc ? toMemberRecord(doc) : null;
}

/**
 * Inserts new roster rows in one write. NOT all or nothing: CloudBase's `add([...])` is an ordered
 * insert, so a duplicate key stops it there and the rows before it stay written (the request still
 * fails). After a failure, `existingMemberIds` tells which rows of the batch were written.
 */
export async function insertMemberDocs(docs: readonly MemberDoc[]): Promise<void> {
  if (docs.length === 0) return;
  await collection('members').add([...docs]);
}

/** Which of these roster-row ids exist (served by `_id`; at most 1000 per call). */
export async function existingMemberIds(ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const res = await collection('members')
    .where({ _id: db().command.in([...ids]) })
    .field({ _id: true })
    .limit(PAGE)
    .get();
  return new Set((res.data as { _id: string }[]).map((d) => d._id));
}

export async function updateMemberFields(
  id: string,
  fields: Partial<Omit<MemberDoc, '_id'>>,
  tx?: Transaction,
): Promise<void> {
  if (tx) await tx.collection('members').doc(id).update(fields);
  else await collection('members').doc(id).update(fields);
}

/** A branch's roster rows (optionally of one status), by name; served by `branch_status_name`. */
export async function listMembersOfBranch(branchId: string, status?: MemberStatus): Promise<MemberRecord[]> {
  const where: Record<string, unknown> = { branchId };
  if (status) where.status = status;
  // name, then _id: two members may share a name, and pages must not skip or repeat either
  return (await readAll<MemberDoc>('members', where, [['name', 'asc']])).map(toMemberRecord);
}

/** Rows holding the secretary role in these branches (served by `roles_branch`). */
export async function secretariesOf(branchIds: readonly string[]): Promise<MemberRecord[]> {
  return (await readIn<MemberDoc>('members', 'branchId', branchIds, { roles: 'secretary' })).map(
    toMemberRecord,
  );
}

/** Names of these members (`_id $in`, one request per 100 ids), id → name; missing ids are absent. */
export async function memberNames(ids: readonly string[]): Promise<Map<string, string>> {
  const docs = await readIn<Pick<MemberDoc, '_id' | 'name'>>(
    'members',
    '_id',
    ids,
    {},
    { _id: true, name: true },
  );
  return new Map(docs.map((d) => [d._id, d.name]));
}

/**
 * Roster rows of these branches per branch and status, counted by the database (one aggregation
 * matched on `branchId $in` — served by `branch_status_name` — grouped by `{ branchId, status }`),
 * read in pages of 1,000 groups in the order of the group key: CloudBase answers an aggregation
 * without `.limit()` with 20 results. The admin's branch list counts its page's branches with it
 * (a page of 50 branches × 5 statuses is one request) instead of 5 counts per branch.
 */
export async function countMembersOfBranches(
  branchIds: readonly string[],
): Promise<Map<string, Partial<Record<MemberStatus, number>>>> {
  const out = new Map<string, Partial<Record<MemberStatus, number>>>();
  const ids = [...new Set(branchIds)];
  if (ids.length === 0) return out;
  const $ = db().command.aggregate;
  for (let skip = 0; ; skip += PAGE) {
    const res = await collection('members')
      .aggregate()
      .match({ branchId: db().command.in(ids) })
      .group({ _id: { b: '$branchId', s: '$status' }, n: $.sum(1) })
      .sort({ '_id.b': 1, '_id.s': 1 })
      .skip(skip)
      .limit(PAGE)
      .end();
    const page = ((res as { data?: unknown[] }).data ?? []) as {
      _id: { b: string; s: MemberStatus };
      n: number;
    }[];
    for (const g of page) {
      const c = out.get(g._id.b) ?? {};
      c[g._id.s] = g.n;
      out.set(g._id.b, c);
    }
    if (page.length < PAGE) return out;
  }
}

export async function countMembers(branchId: string, status: MemberStatus): Promise<number> {
  const res = await collection('members').where({ branchId, status }).count();
  return Number((res as { total?: number }).total ?? 0);
}

/** What the expected-attendee rule (attendance/roster.ts) needs of a member. */
export interface MemberFactsRow {
  _id: string;
  name: string;
  branchId: string;
  status: string;
  boundAt?: number | null;
}

/** Active members of a branch (served by `branch_status_name`), for expected counts. */
export async function activeMembersOfBranch(branchId: string): Promise<MemberFactsRow[]> {
  return readAll<MemberFactsRow>('members', { branchId, status: 'active' }, [['name', 'asc']], {
    _id: true,
    name: true,
    branchId: true,
    status: true,
    boundAt: true,
  });
}

/** What reminders need of a member: the rule's facts plus whom to send to and whom to phone. */
export type ReminderMemberRow = Pick<
  MemberDoc,
  '_id' | 'name' | 'branchId' | 'status' | 'boundAt' | 'openid' | 'phone'
>;

const MEMBER_FIELDS = {
  _id: true,
  name: true,
  branchId: true,
  status: true,
  boundAt: true,
  openid: true,
  phone: true,
};

/** Active members of these branches (served by `branch_status_name`). */
export async function activeMembersOfBranches(branchIds: readonly string[]): Promise<ReminderMemberRow[]> {
  const each = await Promise.all(
    [...new Set(branchIds)].map((branchId) =>
      readAll<ReminderMemberRow>('members', { branchId, status: 'active' }, [['name', 'asc']], MEMBER_FIELDS),
    ),
  );
  return each.flat();
}

/** Members by id (invitation lists), in pages of `$in` on `_id`. */
export async function membersByIds(ids: readonly string[]): Promise<ReminderMemberRow[]> {
  return readIn<ReminderMemberRow>('members', '_id', ids, {}, MEMBER_FIELDS, 500);
}

/** Roster rows by id, whole (staff numbers for a team list or a certificate), in pages of `$in` on `_id`. */
export async function getMembersByIds(ids: readonly string[]): Promise<MemberDoc[]> {
  return readIn<MemberDoc>('members', '_id', ids);
}

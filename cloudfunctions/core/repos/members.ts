import type { MemberStatus, Role } from '../../../types/member';
import { collection, type Transaction } from './db';

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
  boundAt?: number;
  quitRequestedAt?: number;
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
    boundAt: doc.boundAt,
    quitRequestedAt: doc.quitRequestedAt,
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

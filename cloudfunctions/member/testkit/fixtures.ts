import type { LocalCloudHandle } from '../../../testing/cloud';
import type { MemberStatus, Role } from '../../../types/member';

/**
 * Fixtures for member tests, written straight through the real SDK in the stored shapes of
 * core/repos (branches, members, bindings). Three branches: A (the resource's branch), B (another
 * branch), C (the admin's own branch), and one caller per role.
 */
export const T0 = Date.UTC(2026, 10, 2, 1, 0, 0);

export const CALLERS = {
  pending: 'o_pendA',
  memberThis: 'o_memA',
  memberOther: 'o_memB',
  secretaryThis: 'o_secA',
  secretaryOther: 'o_secB',
  admin: 'o_admin',
} as const;

let seq = 0;
export const uniq = (p: string) => `${p}${Date.now().toString(36)}${(seq++).toString(36)}`;

export interface RowOpts {
  id?: string;
  branchId?: string;
  name?: string;
  staffNo?: string;
  phone?: string | null;
  status?: MemberStatus;
  openid?: string | null;
  roles?: Role[];
  quitRequestedAt?: number;
}

export async function addRow(cloud: LocalCloudHandle, o: RowOpts = {}): Promise<string> {
  const id = o.id ?? uniq('m_');
  const status = o.status ?? 'unbound';
  const doc: Record<string, unknown> = {
    _id: id,
    branchId: o.branchId ?? 'bA',
    name: o.name ?? `成员${id.slice(-4)}`,
    staffNo: o.staffNo ?? uniq('S').toUpperCase(),
    phone: o.phone === undefined ? '13800001234' : o.phone,
    openid: o.openid ?? `unbound:${id}`,
    status,
    roles: o.roles ?? ['member'],
    createdAt: T0,
    updatedAt: T0,
  };
  if (status === 'active') doc.boundAt = T0;
  if (o.quitRequestedAt) doc.quitRequestedAt = o.quitRequestedAt;
  await cloud.db().collection('members').add(doc);
  if (status === 'pending' && o.openid) {
    await cloud
      .db()
      .collection('bindings')
      .add({
        _id: uniq('bd_'),
        openid: o.openid,
        memberId: id,
        branchId: doc.branchId,
        status: 'pending',
        createdAt: T0,
        updatedAt: T0,
      });
  }
  return id;
}

export async function seedBase(cloud: LocalCloudHandle): Promise<void> {
  const db = cloud.db();
  const branch = (id: string, name: string, college: string) =>
    db.collection('branches').add({ _id: id, name, college, kind: 'teacher', createdAt: T0, updatedAt: T0 });
  await branch('bA', '临床医学院内科学教研室党支部', '临床医学院');
  await branch('bB', '基础医学院病理学实验室党支部', '基础医学院');
  await branch('bC', '机关党委组织部党支部', '机关党委');
  await addRow(cloud, {
    id: 'm_memA',
    branchId: 'bA',
    status: 'active',
    openid: CALLERS.memberThis,
    name: '王建国',
    staffNo: '20100001',
    phone: '13812345678',
  });
  await addRow(cloud, {
    id: 'm_secA',
    branchId: 'bA',
    status: 'active',
    openid: CALLERS.secretaryThis,
    roles: ['member', 'secretary'],
    name: '李秀英',
    staffNo: '20100002',
  });
  await addRow(cloud, {
    id: 'm_pendA',
    branchId: 'bA',
    status: 'pending',
    openid: CALLERS.pending,
    name: '张伟',
    staffNo: '20100003',
  });
  await addRow(cloud, {
    id: 'm_memB',
    branchId: 'bB',
    status: 'active',
    openid: CALLERS.memberOther,
    name: '刘洋',
    staffNo: '20200001',
  });
  await addRow(cloud, {
    id: 'm_secB',
    branchId: 'bB',
    status: 'active',
    openid: CALLERS.secretaryOther,
    roles: ['member', 'secretary'],
    name: '陈静',
    staffNo: '20200002',
  });
  await addRow(cloud, {
    id: 'm_admin',
    branchId: 'bC',
    status: 'active',
    openid: CALLERS.admin,
    roles: ['member', 'admin'],
    name: '赵敏',
    staffNo: '20300001',
  });
}

const COLLS = ['members', 'branches', 'bindings', 'audit', 'throttles'] as const;

/** Every document of the member-related collections, for "nothing changed" assertions. */
export async function snapshot(cloud: LocalCloudHandle): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const c of COLLS) {
    const docs: unknown[] = [];
    for (let skip = 0; ; skip += 1000) {
      const res = await cloud.db().collection(c).orderBy('_id', 'asc').skip(skip).limit(1000).get();
      docs.push(...(res.data as unknown[]));
      if (res.data.length < 1000) break;
    }
    out[c] = docs.sort((a, b) =>
      String((a as { _id: string })._id).localeCompare(String((b as { _id: string })._id)),
    );
  }
  return out;
}

export async function getDoc<T = Record<string, unknown>>(
  cloud: LocalCloudHandle,
  coll: string,
  id: string,
): Promise<T | null> {
  const res = await cloud.db().collection(coll).doc(id).get();
  const data = res.data as T | T[];
  return (Array.isArray(data) ? data[0] : data) ?? null;
}

export async function findDocs<T = Record<string, unknown>>(
  cloud: LocalCloudHandle,
  coll: string,
  where: Record<string, unknown>,
): Promise<T[]> {
  const res = await cloud.db().collection(coll).where(where).limit(1000).get();
  return res.data as T[];
}

import type { LocalCloudHandle } from '../testing/cloud';
import type { Envelope } from '../types/envelope';

/**
 * Shared set-up of the security regression tests: branches and roster rows written straight through
 * the real SDK in the stored shapes of core/repos, activities created through the functions, and
 * callers named by their member id (`who` → openid `o_<who>`).
 */
export const MIN = 60_000;
export const DAY = 24 * 60 * MIN;

export const codeOf = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code);

/**
 * Bound to one local cloud: `call` answers the envelope, `ok` the data (or throws naming the action
 * and the caller); `dump` the first 1000 documents of a collection, `doc` one document or null.
 */
export function helpers(cloud: LocalCloudHandle) {
  const call = <T = unknown>(
    fn: string,
    action: string,
    payload: unknown,
    who: string,
  ): Promise<Envelope<T>> => cloud.call<T>(fn, { action, payload }, `o_${who}`);
  async function ok<T>(fn: string, action: string, payload: unknown, who: string): Promise<T> {
    const r = await call<T>(fn, action, payload, who);
    if (!r.ok) throw new Error(`${fn}.${action} as ${who}: ${JSON.stringify(r.error)}`);
    return r.data;
  }
  async function dump(coll: string): Promise<Record<string, unknown>[]> {
    return (await cloud.db().collection(coll).limit(1000).get()).data as Record<string, unknown>[];
  }
  async function doc(coll: string, id: string): Promise<Record<string, unknown> | null> {
    return ((await cloud.db().collection(coll).doc(id).get()).data as Record<string, unknown>[])[0] ?? null;
  }
  return { call, ok, dump, doc };
}

/**
 * Every document of `collections` as one sorted JSON text, for "nothing was written" checks. With
 * `skipUnreadable`, a collection that cannot be read (one this build does not declare) counts as
 * empty instead of failing the test.
 */
export async function fingerprint(
  cloud: LocalCloudHandle,
  collections: readonly string[],
  o: { skipUnreadable?: boolean } = {},
): Promise<string> {
  const out: Record<string, string[]> = {};
  for (const c of collections) {
    const docs: unknown[] = [];
    try {
      for (let skip = 0; ; skip += 1000) {
        const res = await cloud.db().collection(c).orderBy('_id', 'asc').skip(skip).limit(1000).get();
        docs.push(...(res.data as unknown[]));
        if (res.data.length < 1000) break;
      }
    } catch (e) {
      if (!o.skipUnreadable) throw e;
    }
    out[c] = docs.map((d) => JSON.stringify(d)).sort();
  }
  return JSON.stringify(out);
}

export async function addBranch(
  cloud: LocalCloudHandle,
  t0: number,
  id: string,
  name = '内科',
  college = 'x',
): Promise<void> {
  await cloud.db().collection('branches').add({ _id: id, name, college, createdAt: t0, updatedAt: t0 });
}

export interface MemberOpts {
  branchId?: string;
  /** default `成员<id>` */
  name?: string;
  /** default the id upper-cased */
  staffNo?: string;
  phone?: string | null;
  roles?: string[];
  /** default 'active' */
  status?: string;
  /** default one day before t0 */
  boundAt?: number;
}

/** A roster row (active and bound unless told) whose openid is `o_<id>`, in its stored shape. */
export function memberDoc(t0: number, id: string, o: MemberOpts = {}): Record<string, unknown> {
  return {
    _id: id,
    branchId: o.branchId ?? 'bA',
    name: o.name ?? `成员${id}`,
    staffNo: o.staffNo ?? id.toUpperCase(),
    phone: o.phone ?? null,
    openid: `o_${id}`,
    status: o.status ?? 'active',
    roles: o.roles ?? ['member'],
    boundAt: o.boundAt ?? t0 - DAY,
    createdAt: t0,
    updatedAt: t0,
  };
}

export async function addMember(
  cloud: LocalCloudHandle,
  t0: number,
  id: string,
  o: MemberOpts = {},
): Promise<void> {
  await cloud
    .db()
    .collection('members')
    .add(memberDoc(t0, id, o));
}

/** Creates a theme day of branch bA (rotating code, manual approval) as `who`; answers its id. */
export async function createActivity(
  cloud: LocalCloudHandle,
  who: string,
  startAt: number,
  durationMin: number,
): Promise<string> {
  const { ok } = helpers(cloud);
  const created = await ok<{ id: string }>(
    'activity',
    'create',
    {
      branchId: 'bA',
      type: 'theme_day',
      title: '主题党日',
      startAt,
      endAt: startAt + durationMin * MIN,
      checkin: { proof: 'rotating', approval: 'manual' },
    },
    who,
  );
  return created.id;
}

/**
 * The H5 login screen's demo identities (`GET /__identities` of the local cloud): every member with a
 * real openid, with their branch's name, plus one admin entry per `APP_ADMIN_OPENIDS` openid that is
 * not a member. The local cloud knows nothing of this app's collections: it calls the hook this
 * module's `seedHooks` registers (emulator/README.md "Runtime: app hooks"), with a real SDK app.
 */
import type { TDemoIdentity } from '../../types/demo';

type Doc = Record<string, unknown>;
type App = {
  database(): {
    collection(name: string): {
      orderBy(
        field: string,
        dir: 'asc' | 'desc',
      ): {
        skip(n: number): { limit(n: number): { get(): Promise<{ data: Doc[] }> } };
      };
    };
  };
};

export type DemoIdentity = TDemoIdentity;

/** Every document of a collection, 1000 at a time in `_id` order (none if it does not exist yet). */
async function all(app: App, name: string): Promise<Doc[]> {
  const out: Doc[] = [];
  try {
    for (;;) {
      const page = await app
        .database()
        .collection(name)
        .orderBy('_id', 'asc')
        .skip(out.length)
        .limit(1000)
        .get();
      out.push(...page.data);
      if (page.data.length < 1000) return out;
    }
  } catch {
    return out;
  }
}

export async function demoIdentities(app: App, env: Record<string, string>): Promise<DemoIdentity[]> {
  const branches = new Map<string, string>();
  for (const b of await all(app, 'branches'))
    if (typeof b._id === 'string') branches.set(b._id, String(b.name ?? b._id));
  const out: DemoIdentity[] = [];
  for (const m of await all(app, 'members')) {
    const openid = typeof m.openid === 'string' ? m.openid : '';
    // unbound roster rows hold a placeholder (`unbound:<_id>`); only real openids can sign in
    if (!/^[A-Za-z0-9_-]+$/.test(openid)) continue;
    const branchId = typeof m.branchId === 'string' ? m.branchId : null;
    out.push({
      openid,
      name: typeof m.name === 'string' ? m.name : openid,
      roles: Array.isArray(m.roles) ? (m.roles as TDemoIdentity['roles']) : [],
      branchId,
      branchName: branchId ? (branches.get(branchId) ?? null) : null,
      status: typeof m.status === 'string' ? (m.status as TDemoIdentity['status']) : null,
    });
  }
  // bootstrap admins (APP_ADMIN_OPENIDS) can sign in before any member exists
  for (const openid of (env.APP_ADMIN_OPENIDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (out.some((x) => x.openid === openid)) continue;
    out.push({
      openid,
      name: `管理员 ${openid}`,
      roles: ['admin'],
      branchId: null,
      branchName: null,
      status: 'active',
    });
  }
  return out;
}

import { useLocalCloud } from '../../testing/cloud';
import type { TListBranchesOutput, TMeOutput } from '../../types/member';
import { BRANCHES, buildRoster, DEMO_UNBOUND } from './members';
import type { TDemoIdentity as Identity } from '../../types/demo';

/** `--seed`: the demo university through the emulator, and the login screen's identities. */
const cloud = useLocalCloud({ seed: true, env: { APP_ADMIN_OPENIDS: 'o_boot_admin,demo-admin' } });

describe('seedDemo', () => {
  it('writes ≥ 6 branches across colleges and kinds, ~120 members, one admin, a secretary per branch', async () => {
    const r = await cloud.call<TListBranchesOutput>(
      'member',
      { action: 'listBranches', payload: { limit: 50 } },
      'demo-admin',
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    const branches = r.data.items;
    expect(r.data.nextCursor).toBeNull();
    expect(branches.length).toBeGreaterThanOrEqual(6);
    expect(new Set(branches.map((b) => b.college)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(branches.map((b) => b.kind))).toEqual(
      new Set(['teacher', 'student', 'functional', 'retired']),
    );
    for (const b of branches) {
      expect(b.secretaries).toHaveLength(1);
      expect(b.counts?.pending).toBe(2);
      expect(b.counts?.unbound).toBe(2);
    }
    const total = branches.reduce((n, b) => n + Object.values(b.counts ?? {}).reduce((a, c) => a + c, 0), 0);
    expect(total).toBeGreaterThanOrEqual(110);
    expect(total).toBeLessThanOrEqual(130);
  });

  it('GET /__identities lists the demo openids with names, roles, branch names and statuses', async () => {
    const ids = (await (await fetch(`${cloud.url}/__identities`)).json()) as Identity[];
    const admin = ids.find((i) => i.openid === 'demo-admin');
    expect(admin).toMatchObject({
      name: '欧阳红',
      roles: ['member', 'admin'],
      branchName: '机关党委组织部党支部',
      status: 'active',
    });
    for (let n = 1; n <= BRANCHES.length; n++) {
      expect(ids.find((i) => i.openid === `demo-sec-${n}`)).toMatchObject({
        roles: ['member', 'secretary'],
        branchName: BRANCHES[n - 1].name,
        status: 'active',
      });
    }
    expect(ids.filter((i) => i.status === 'pending')).toHaveLength(16);
    // APP_ADMIN_OPENIDS: an openid that is no member signs in as a bare admin; a member is listed once
    expect(ids.find((i) => i.openid === 'o_boot_admin')).toEqual({
      openid: 'o_boot_admin',
      name: '管理员 o_boot_admin',
      roles: ['admin'],
      branchId: null,
      branchName: null,
      status: 'active',
    });
    expect(ids.filter((i) => i.openid === 'demo-admin')).toHaveLength(1);
    expect(
      ids
        .filter((i) => i.openid !== 'o_boot_admin')
        .every((i) => /^demo-(admin|sec-\d+|m-\d+)$/.test(i.openid)),
    ).toBe(true);
    // unbound rows are not identities
    expect(ids.some((i) => DEMO_UNBOUND.some((u) => u.name === i.name))).toBe(false);
  });

  it('demo identities work: the secretary sees pending bindings; a new user binds to an unbound row', async () => {
    const sec = await cloud.call<{ status: string }[]>(
      'member',
      { action: 'listMembers', payload: { branchId: 'br-neike', status: 'pending' } },
      'demo-sec-1',
    );
    expect(sec).toMatchObject({ ok: true });
    if (sec.ok) expect(sec.data).toHaveLength(2);
    const u = DEMO_UNBOUND[0];
    expect(
      await cloud.call(
        'member',
        { action: 'bind', payload: { name: u.name, staffNo: u.staffNo } },
        'o_newcomer',
      ),
    ).toMatchObject({
      ok: true,
      data: { status: 'pending' },
    });
    const me = await cloud.call<TMeOutput>('member', { action: 'me' }, 'demo-m-11');
    expect(me).toMatchObject({
      ok: true,
      data: { member: { status: 'pending' }, binding: { status: 'pending' } },
    });
  });

  it('is deterministic and realistic: unique numbers, 11-digit mobiles, Chinese names', () => {
    const a = buildRoster();
    expect(buildRoster()).toEqual(a);
    expect(new Set(a.members.map((m) => m.staffNo)).size).toBe(a.members.length);
    for (const m of a.members) {
      expect(m.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(m.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    }
  });
});

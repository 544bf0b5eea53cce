import { rosterRow } from './fixtures';
import { callerFrom, bootstrapAdminOpenids, type Caller } from './caller';
import { authorise, can, isPolicy, type Policy } from './policy';

const admins = new Set(['o_boot']);
const callers: Record<string, Caller> = {
  anonymous: callerFrom('', null, admins),
  unbound: callerFrom('o_new', null, admins),
  pending: callerFrom('o_p', rosterRow('p', 'A', 'pending'), admins),
  left: callerFrom('o_l', rosterRow('l', 'A', 'left'), admins),
  memberA: callerFrom('o_m', rosterRow('m', 'A', 'active'), admins),
  memberB: callerFrom('o_mb', rosterRow('mb', 'B', 'active'), admins),
  secretaryA: callerFrom('o_s', rosterRow('s', 'A', 'active', ['member', 'secretary']), admins),
  secretaryB: callerFrom('o_sb', rosterRow('sb', 'B', 'active', ['member', 'secretary']), admins),
  pendingSecretaryA: callerFrom('o_ps', rosterRow('ps', 'A', 'pending', ['member', 'secretary']), admins),
  rosterAdmin: callerFrom('o_ra', rosterRow('ra', 'B', 'active', ['member', 'admin']), admins),
  bootstrapAdmin: callerFrom('o_boot', null, admins),
};

const A = { branchId: 'A' };
const missing = { branchId: null };

describe('can', () => {
  const anyone: Policy = { anyone: true };
  const member: Policy = { member: true };
  const staff: Policy = { roles: ['secretary', 'admin'] };
  const adminOnly: Policy = { roles: ['admin'] };

  // caller × (policy, resource) → expected; every cell is one assertion.
  const cases: [string, Policy, { branchId: string | null } | undefined, Record<string, string>][] = [
    [
      'anyone',
      anyone,
      undefined,
      { anonymous: 'UNAUTHENTICATED', unbound: 'ok', pending: 'ok', memberA: 'ok', bootstrapAdmin: 'ok' },
    ],
    [
      'member',
      member,
      undefined,
      {
        anonymous: 'UNAUTHENTICATED',
        unbound: 'NOT_BOUND',
        pending: 'NOT_BOUND',
        left: 'NOT_BOUND',
        memberA: 'ok',
        secretaryB: 'ok',
        bootstrapAdmin: 'NOT_BOUND',
      },
    ],
    [
      'member of branch A',
      member,
      A,
      {
        unbound: 'NOT_BOUND',
        pending: 'NOT_BOUND',
        memberA: 'ok',
        memberB: 'FORBIDDEN',
        secretaryA: 'ok',
        secretaryB: 'FORBIDDEN',
        rosterAdmin: 'ok',
        bootstrapAdmin: 'ok',
      },
    ],
    [
      'member of a missing resource',
      member,
      missing,
      { memberA: 'FORBIDDEN', secretaryA: 'FORBIDDEN', bootstrapAdmin: 'ok' },
    ],
    [
      'secretary/admin anywhere',
      staff,
      undefined,
      {
        anonymous: 'UNAUTHENTICATED',
        unbound: 'NOT_BOUND',
        pending: 'NOT_BOUND',
        pendingSecretaryA: 'NOT_BOUND',
        memberA: 'FORBIDDEN',
        secretaryA: 'ok',
        secretaryB: 'ok',
        rosterAdmin: 'ok',
        bootstrapAdmin: 'ok',
      },
    ],
    [
      'secretary/admin of branch A',
      staff,
      A,
      {
        unbound: 'NOT_BOUND',
        memberA: 'FORBIDDEN',
        secretaryA: 'ok',
        secretaryB: 'FORBIDDEN',
        pendingSecretaryA: 'NOT_BOUND',
        rosterAdmin: 'ok',
        bootstrapAdmin: 'ok',
      },
    ],
    [
      'secretary/admin of a missing resource',
      staff,
      missing,
      { secretaryA: 'FORBIDDEN', rosterAdmin: 'ok', bootstrapAdmin: 'ok' },
    ],
    [
      'admin only',
      adminOnly,
      A,
      {
        anonymous: 'UNAUTHENTICATED',
        unbound: 'NOT_BOUND',
        memberA: 'FORBIDDEN',
        secretaryA: 'FORBIDDEN',
        rosterAdmin: 'ok',
        bootstrapAdmin: 'ok',
      },
    ],
  ];

  // `{ bound }`: an active or pending row; a pending one only for what `pendingMay` allowed
  const bound: Policy = { bound: true };
  cases.push(
    [
      'bound',
      bound,
      { branchId: null, pendingMay: false } as { branchId: null },
      {
        anonymous: 'UNAUTHENTICATED',
        unbound: 'NOT_BOUND',
        left: 'NOT_BOUND',
        bootstrapAdmin: 'NOT_BOUND',
        pending: 'FORBIDDEN',
        pendingSecretaryA: 'FORBIDDEN',
        memberA: 'ok',
        secretaryB: 'ok',
        rosterAdmin: 'ok',
      },
    ],
    [
      'bound, allowed to a pending row',
      bound,
      { branchId: null, pendingMay: true } as { branchId: null },
      { unbound: 'NOT_BOUND', left: 'NOT_BOUND', pending: 'ok', memberA: 'ok' },
    ],
  );

  for (const [label, policy, resource, expected] of cases) {
    for (const [who, want] of Object.entries(expected)) {
      it(`${label}: ${who} → ${want}`, () => {
        const d = can(callers[who], policy as Policy<never>, resource);
        expect(d.allow ? 'ok' : d.code).toBe(want);
      });
    }
  }
});

describe('authorise', () => {
  it('reads the branch with branchFrom and refuses a secretary of another branch', async () => {
    const policy: Policy<{ activityId: string }> = {
      roles: ['secretary', 'admin'],
      branchFrom: async (p) => (p.activityId === 'act-A' ? 'A' : null),
    };
    expect(await authorise(callers.secretaryA, policy, { activityId: 'act-A' })).toEqual({ allow: true });
    expect(await authorise(callers.secretaryB, policy, { activityId: 'act-A' })).toEqual({
      allow: false,
      code: 'FORBIDDEN',
    });
    expect(await authorise(callers.secretaryA, policy, { activityId: 'nope' })).toEqual({
      allow: false,
      code: 'FORBIDDEN',
    });
  });

  it('lets alsoAllow grant an active caller refused with FORBIDDEN, and nobody else', async () => {
    const grant = jest.fn(({ caller }: { caller: Caller }) => caller.member?.id === 'm');
    const policy: Policy<object> = { roles: ['secretary', 'admin'], branchFrom: () => 'A', alsoAllow: grant };
    expect(await authorise(callers.memberA, policy, {})).toEqual({ allow: true });
    expect(await authorise(callers.memberB, policy, {})).toEqual({ allow: false, code: 'FORBIDDEN' });
    expect(await authorise(callers.unbound, policy, {})).toEqual({ allow: false, code: 'NOT_BOUND' });
    expect(await authorise(callers.anonymous, policy, {})).toEqual({ allow: false, code: 'UNAUTHENTICATED' });
    expect(grant).toHaveBeenCalledTimes(2);
  });

  it('does not call branchFrom for anonymous callers', async () => {
    const branchFrom = jest.fn(() => 'A');
    expect(await authorise(callers.anonymous, { member: true, branchFrom }, {})).toEqual({
      allow: false,
      code: 'UNAUTHENTICATED',
    });
    expect(branchFrom).not.toHaveBeenCalled();
  });
});

describe('owner policies (a member acting on their own claim)', () => {
  const mine = { self: (p: { ownerId: string }, c: Caller) => c.member?.id === p.ownerId };
  it.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['unbound', 'NOT_BOUND'],
    ['pending', 'NOT_BOUND'],
    ['bootstrapAdmin', 'NOT_BOUND'],
    ['memberB', 'FORBIDDEN'],
    ['secretaryA', 'FORBIDDEN'],
    ['rosterAdmin', 'FORBIDDEN'],
    ['memberA', null],
  ])("%s on memberA's record → %s", async (who, code) => {
    const d = await authorise(callers[who], mine, { ownerId: 'm' });
    expect(d).toEqual(code ? { allow: false, code } : { allow: true });
  });
});

describe('isPolicy', () => {
  it.each([
    [{ anyone: true }, true],
    [{ member: true }, true],
    [{ roles: ['secretary'] }, true],
    [{ roles: ['admin'], branchFrom: (): string => 'A' }, true],
    [undefined, false],
    [{}, false],
    [{ anyone: false }, false],
    [{ roles: [] }, false],
    [{ roles: ['member'] }, false],
    [{ anyone: true, member: true }, false],
    [{ member: true, branchFrom: 'A' }, false],
    [{ self: (): boolean => true }, true],
    [{ bound: true }, true],
    [{ bound: true, pendingMay: (): boolean => true }, true],
    [{ bound: false }, false],
    [{ bound: true, pendingMay: true }, false],
    [{ bound: true, branchFrom: (): string => 'A' }, false],
    [{ self: true }, false],
    [{ self: (): boolean => true, branchFrom: (): string => 'A' }, false],
  ])('%j → %s', (p, want) => {
    expect(isPolicy(p)).toBe(want);
  });
});

describe('callerFrom', () => {
  it('gives roles only to an active row, and admin to bootstrap openids', () => {
    expect(callers.pendingSecretaryA.roles).toEqual([]);
    expect(callers.secretaryA.roles.sort()).toEqual(['member', 'secretary']);
    expect(callers.bootstrapAdmin).toMatchObject({
      isAdmin: true,
      bootstrapAdmin: true,
      roles: ['admin'],
      branchId: null,
    });
    expect(callers.rosterAdmin).toMatchObject({ isAdmin: true, bootstrapAdmin: false, branchId: 'B' });
  });
  it('parses APP_ADMIN_OPENIDS as a trimmed comma list', () => {
    expect([...bootstrapAdminOpenids({ APP_ADMIN_OPENIDS: ' o_a, o_b ,,' })]).toEqual(['o_a', 'o_b']);
    expect(bootstrapAdminOpenids({}).size).toBe(0);
  });
});

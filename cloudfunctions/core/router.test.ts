import * as z from 'zod';
import { ZGetActivityInput } from '../../types/activity';
import { ZListMembersInput, ZMeInput, ZSetRolesInput } from '../../types/member';
import {
  callerFrom,
  type AdminCaller,
  type Caller,
  type MemberCaller,
  type StaffCaller,
} from './auth/caller';
import { DomainError } from './errors';
import type { MemberRecord } from './repos/members';
import { action, defineFunction, definePartialFunction, type ActionContext, type RouterDeps } from './router';

const secretaryA: MemberRecord = {
  id: 'm1',
  branchId: 'A',
  name: '张三',
  staffNo: '2019001',
  phone: null,
  openid: 'o_sec',
  status: 'active',
  roles: ['member', 'secretary'],
  createdAt: 0,
  updatedAt: 0,
};
const rows: Record<string, MemberRecord> = { o_sec: secretaryA };

/** Platform context as SCF passes it (the SDK reads WX_OPENID from `environment`). */
const ctx = (openid?: string) => ({
  request_id: 'req-42',
  environment: JSON.stringify(openid ? { WX_OPENID: openid, WX_CONTEXT_KEYS: 'WX_OPENID' } : {}),
});

function setup() {
  const calls: string[] = [];
  const resolved: string[] = [];
  const deps: RouterDeps = {
    now: () => 1_700_000_000_000,
    resolveCaller: async (openid: string): Promise<Caller> => {
      resolved.push(openid);
      return callerFrom(openid, rows[openid] ?? null, new Set(['o_admin']));
    },
  };
  const fn = definePartialFunction(
    {
      name: 'member',
      actions: {
        me: action({
          input: ZMeInput,
          policy: { anyone: true },
          handler: async (_input, c) => {
            calls.push('me');
            return { openid: c.caller.openid, member: null };
          },
        }),
        listMembers: action({
          input: ZListMembersInput,
          policy: { roles: ['secretary', 'admin'], branchFrom: (p) => p.branchId },
          handler: async (input, c) => {
            calls.push(`listMembers:${input.branchId}:${c.now}`);
            if (input.branchId === 'boom') throw new Error('db exploded with 13812345678');
            if (input.branchId === 'conflict') throw new DomainError('CONFLICT', 'taken');
            return [];
          },
        }),
        setRoles: action({
          input: ZSetRolesInput,
          policy: { roles: ['admin'] },
          handler: async (input) => {
            calls.push('setRoles');
            return { roles: input.roles };
          },
        }),
      },
      timers: {
        sweep: async (t) => {
          calls.push(`timer:${t.trigger}`);
          return { swept: 1 };
        },
      },
    },
    deps,
  );
  return { main: fn.main, definition: fn.definition, calls, resolved };
}

describe('defineFunction main: event shape', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'me'],
    ['an array', ['me']],
    ['no action', { payload: {} }],
    ['an empty action', { action: '' }],
    ['a numeric action', { action: 7 }],
  ])('answers INVALID_ARGUMENT naming `action` for %s', async (_label, event) => {
    const { main, calls } = setup();
    const res = await main(event, ctx('o_sec'));
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'action' }] } },
    });
    expect(calls).toEqual([]);
  });

  it.each(['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'createBranch'])(
    'answers INVALID_ARGUMENT for the unregistered action %s',
    async (action) => {
      const { main, calls, resolved } = setup();
      const res = await main({ action, payload: {} }, ctx('o_sec'));
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'action' }] } },
      });
      expect(calls).toEqual([]);
      expect(resolved).toEqual([]);
    },
  );

  it('ignores platform-added event keys such as userInfo', async () => {
    const { main } = setup();
    const res = await main({ action: 'me', userInfo: { openId: 'o_forged' } }, ctx('o_sec'));
    expect(res).toEqual({ ok: true, data: { openid: 'o_sec', member: null } });
  });
});

describe('defineFunction main: payload validation', () => {
  it('treats a missing or null payload as {}', async () => {
    const { main } = setup();
    expect(await main({ action: 'me' }, ctx('o_sec'))).toMatchObject({ ok: true });
    expect(await main({ action: 'me', payload: null }, ctx('o_sec'))).toMatchObject({ ok: true });
  });

  it('names every bad field with a payload. path, before resolving the caller', async () => {
    const { main, calls, resolved } = setup();
    const res = await main(
      { action: 'setRoles', payload: { memberId: 5, roles: ['member', 'king'], extra: 1 } },
      ctx('o_sec'),
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('INVALID_ARGUMENT');
    expect(res.error.details?.fields?.map((f) => f.path).sort()).toEqual([
      'payload.extra',
      'payload.memberId',
      'payload.roles.1',
    ]);
    expect(calls).toEqual([]);
    expect(resolved).toEqual([]);
  });

  it('refuses a payload that is not an object', async () => {
    const { main } = setup();
    const res = await main({ action: 'listMembers', payload: 'A' }, ctx('o_sec'));
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'payload' }] } },
    });
  });

  it('refuses unknown keys on an action without arguments', async () => {
    const { main } = setup();
    const res = await main({ action: 'me', payload: { openid: 'o_admin' } }, ctx('o_sec'));
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'payload.openid' }] } },
    });
  });
});

describe('defineFunction main: authorisation before the handler', () => {
  it('identity comes from the platform context only', async () => {
    const { main, resolved } = setup();
    await main({ action: 'me' }, ctx('o_sec'));
    expect(resolved).toEqual(['o_sec']);
  });

  it('answers UNAUTHENTICATED without a platform openid and never runs the handler', async () => {
    const { main, calls } = setup();
    expect(await main({ action: 'me' }, ctx())).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await main({ action: 'me' }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(calls).toEqual([]);
  });

  it('treats an openid with foreign characters as anonymous (placeholders never match)', async () => {
    const { main } = setup();
    expect(await main({ action: 'me' }, ctx('unbound:m1'))).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('lets the secretary of the branch in, refuses another branch and unbound callers', async () => {
    const { main, calls } = setup();
    expect(await main({ action: 'listMembers', payload: { branchId: 'A' } }, ctx('o_sec'))).toEqual({
      ok: true,
      data: [],
    });
    expect(await main({ action: 'listMembers', payload: { branchId: 'B' } }, ctx('o_sec'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await main({ action: 'listMembers', payload: { branchId: 'A' } }, ctx('o_stranger')),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_BOUND' },
    });
    expect(
      await main({ action: 'setRoles', payload: { memberId: 'm1', roles: [] } }, ctx('o_sec')),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(calls).toEqual(['listMembers:A:1700000000000']);
  });

  it('lets a bootstrap admin in anywhere', async () => {
    const { main } = setup();
    expect(
      await main({ action: 'setRoles', payload: { memberId: 'm1', roles: ['member'] } }, ctx('o_admin')),
    ).toEqual({
      ok: true,
      data: { roles: ['member'] },
    });
  });
});

describe('defineFunction main: never throws', () => {
  it('answers a handler DomainError as its code', async () => {
    const { main } = setup();
    expect(await main({ action: 'listMembers', payload: { branchId: 'conflict' } }, ctx('o_admin'))).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'taken' },
    });
  });

  it('answers an unexpected error as INTERNAL with the platform request id, logged without its message', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { main } = setup();
      const res = await main({ action: 'listMembers', payload: { branchId: 'boom' } }, ctx('o_admin'));
      expect(res).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'internal error', details: { requestId: 'req-42' } },
      });
      const logged = spy.mock.calls.flat().join('\n');
      expect(logged).toContain('req-42');
      expect(logged).not.toContain('13812345678');
    } finally {
      spy.mockRestore();
    }
  });

  it('answers INTERNAL when resolving the caller fails', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const fn = definePartialFunction(
        {
          name: 'member',
          actions: {
            me: action({
              input: ZMeInput,
              policy: { anyone: true },
              handler: async () => ({ openid: '', member: null }),
            }),
          },
        },
        {
          now: Date.now,
          resolveCaller: async () => {
            throw new Error('network down');
          },
        },
      );
      const res = await fn.main({ action: 'me' }, ctx('o_sec'));
      expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { requestId: 'req-42' } } });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('timer triggers', () => {
  const timerEvent = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-01-01T00:00:00Z', Message: '' };
  /** What the platform puts in a timer invocation's environment (no caller, TRIGGER_SRC=timer). */
  const timerCtx = () => ({ request_id: 'req-t', environment: JSON.stringify({ TRIGGER_SRC: 'timer' }) });

  it('runs the named timer when the platform fires it (TRIGGER_SRC=timer)', async () => {
    const { main, calls } = setup();
    expect(await main(timerEvent, timerCtx())).toEqual({ ok: true, data: { swept: 1 } });
    expect(calls).toEqual(['timer:sweep']);
  });

  it('refuses a timer-shaped event sent by a user', async () => {
    const { main, calls } = setup();
    expect(await main(timerEvent, ctx('o_admin'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('refuses a timer-shaped event without a caller that the platform did not fire as a timer (S-24)', async () => {
    const { main, calls } = setup();
    expect(await main(timerEvent, ctx())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const other = { request_id: 'r', environment: JSON.stringify({ TRIGGER_SRC: 'wx_client' }) };
    expect(await main(timerEvent, other)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('answers INVALID_ARGUMENT for a timer invocation whose event is not a timer event', async () => {
    const { main, calls } = setup();
    expect(await main({ action: 'me' }, timerCtx())).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'TriggerName' }] } },
    });
    expect(calls).toEqual([]);
  });

  it('refuses an unknown trigger name', async () => {
    const { main } = setup();
    expect(await main({ ...timerEvent, TriggerName: 'toString' }, timerCtx())).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'TriggerName' }] } },
    });
  });
});

describe('registration', () => {
  it('describes its actions with their policies and schemas', () => {
    const { definition } = setup();
    expect(definition.name).toBe('member');
    expect(definition.actions.map((a) => a.name)).toEqual(['me', 'listMembers', 'setRoles']);
    expect(definition.actions[0].input).toBe(ZMeInput);
    expect(definition.timers).toEqual(['sweep']);
    expect(Object.isFrozen(definition.actions)).toBe(true);
  });

  it('refuses at runtime an action registered without a policy', () => {
    expect(() =>
      definePartialFunction({
        name: 'member',
        actions: {
          // @ts-expect-error a policy is required: this is the type-level half of the guarantee
          me: action({ input: ZMeInput, handler: async () => ({ openid: '', member: null }) }),
        },
      }),
    ).toThrow(/policy/);
  });

  it('refuses at runtime a malformed policy', () => {
    expect(() =>
      definePartialFunction({
        name: 'member',
        actions: {
          me: action({
            input: ZMeInput,
            // @ts-expect-error roles must be secretary/admin
            policy: { roles: ['member'] },
            handler: async () => ({ openid: '', member: null }),
          }),
        },
      }),
    ).toThrow(/policy/);
  });

  it('types handlers by the contract (compile-time checks)', () => {
    definePartialFunction({
      name: 'activity',
      actions: {
        // @ts-expect-error the answer must be the contract's TActivity
        get: action({
          input: ZGetActivityInput,
          policy: { member: true, branchFrom: (p) => p.activityId },
          handler: async () => ({ id: 'x' }),
        }),
      },
    });
    definePartialFunction({
      name: 'member',
      actions: {
        me: action({
          input: ZMeInput,
          policy: { anyone: true },
          handler: async () => ({ openid: '', member: null }),
        }),
        // @ts-expect-error only contract actions can be registered
        notAnAction: action({ input: z.object({}), policy: { anyone: true }, handler: async () => null }),
      },
    });
  });

  it('registers every action of the contract (compile-time check)', () => {
    // A deployed function registers every action types/api.ts declares for it.
    defineFunction({
      name: 'member',
      // @ts-expect-error `member` declares more actions than `me`
      actions: { me: action({ input: ZMeInput, policy: { anyone: true }, handler: async () => me }) },
    });
    const me = { openid: '', member: null };
  });

  it('types ctx.caller by what the policy lets through (compile-time checks)', () => {
    const memberOnly = async (_i: unknown, ctx: ActionContext<MemberCaller>) => ({
      openid: ctx.caller.openid,
      member: null,
      // no re-check: the policy guarantees an active row
      memberId: ctx.caller.member.id,
    });
    definePartialFunction({
      name: 'member',
      actions: { me: action({ input: ZMeInput, policy: { member: true }, handler: memberOnly }) },
    });
    definePartialFunction({
      name: 'member',
      // @ts-expect-error `{ anyone: true }` lets in callers with no roster row
      actions: { me: action({ input: ZMeInput, policy: { anyone: true }, handler: memberOnly }) },
    });
    const getActivity = async (_i: unknown, ctx: ActionContext<MemberCaller>) => {
      throw new Error(ctx.caller.member.id);
    };
    definePartialFunction({
      name: 'activity',
      actions: {
        // @ts-expect-error a branch-scoped member policy lets admins through (maybe with no row)
        get: action({
          input: ZGetActivityInput,
          policy: { member: true, branchFrom: (p) => p.activityId },
          handler: getActivity,
        }),
      },
    });
    action({
      input: ZSetRolesInput,
      policy: { roles: ['admin'] },
      handler: async (input, ctx) => {
        const admin: AdminCaller = ctx.caller;
        return { roles: admin.isAdmin ? input.roles : [] };
      },
    });
    action({
      input: ZListMembersInput,
      policy: { roles: ['secretary', 'admin'], branchFrom: (p) => p.branchId },
      handler: async (_input, ctx) => {
        const staff: StaffCaller = ctx.caller;
        // @ts-expect-error a secretary is not an admin
        const admin: AdminCaller = ctx.caller;
        return staff === admin ? [] : [];
      },
    });
  });
});

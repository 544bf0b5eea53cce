import type { z } from 'zod';
import type { Api, ActionName, ApiSchemas, FunctionName } from '../../types/api';
import type { Envelope } from '../../types/envelope';
import { resolveCaller, type Caller } from './auth/caller';
import { authorise, isPolicy, type CallerOf, type Policy } from './auth/policy';
import { readInvocation } from './context';
import { errorToEnvelope, fail, invalidArgument, newRequestId, ok, zodFields } from './envelope';
import { DomainError } from './errors';

/**
 * The typed action router. A function's index.ts is only:
 *
 *   export const { main, definition } = defineFunction({
 *     name: 'member',
 *     actions: {
 *       me: action({ input: ZMeInput, policy: { anyone: true }, handler: (input, ctx) => me(ctx.caller) }),
 *       // … and every other action types/api.ts declares for `member` (a missing one does not compile)
 *     },
 *   });
 *
 * `main(event, context)` parses the event, validates the payload with the action's schema,
 * resolves the caller from the platform context, runs the ONE authorisation check, then the
 * handler — and always answers an envelope (it never throws to the platform).
 */

export interface ActionContext<C extends Caller = Caller> {
  /**
   * Who calls, as far as the action's policy guarantees it (`CallerOf` in auth/policy.ts): an
   * active member under `{ member: true }`, an admin under `{ roles: ['admin'] }`, … — so a handler
   * never re-checks what the policy already decided.
   */
  caller: C;
  requestId: string;
  /** The invocation's clock, read once: pass it to domain rules (`now` is always an argument there). */
  now: number;
  fn: FunctionName;
  action: string;
}

declare const checked: unique symbol;

/** One action as `action()` checked it; `defineFunction` then matches it to the contract. */
export interface Action<S, Out> {
  input: S;
  policy: Policy<never>;
  handler: (input: never, ctx: ActionContext<never>) => Promise<Out>;
  /** Only `action()` makes one: the handler's caller type was checked against the policy there. */
  readonly [checked]: true;
}

/**
 * Declares one action: its input schema (the contract's), who may call it, and the handler. The
 * handler's `ctx.caller` has the type the policy guarantees (`CallerOf` in auth/policy.ts); a
 * handler declared to need more — say `ActionContext<MemberCaller>` under `{ anyone: true }` — is
 * refused where the action is registered (`defineFunction`), naming what it needs.
 */
export function action<
  S extends z.ZodType,
  const P extends Policy<z.output<S>>,
  Out,
  C extends Caller = CallerOf<P>,
>(def: {
  input: S;
  /** Who may call it; required — see auth/policy.ts. */
  policy: P;
  handler: (input: z.output<S>, ctx: ActionContext<C>) => Promise<Out>;
}): [CallerOf<P>] extends [C] ? Action<S, Out> : PolicyTooWeak<C, CallerOf<P>> {
  // The check is in the return type, not the parameter: so the policy (whose `branchFrom` is typed by
  // the schema) is inferred before the handler's caller type is compared with it.
  return def as unknown as never;
}

/** What `action()` answers when the handler needs a caller its policy does not guarantee. */
export interface PolicyTooWeak<Needs, LetsThrough> {
  error: 'the handler needs a caller this policy does not guarantee';
  needs: Needs;
  policyLetsThrough: LetsThrough;
}

/** Every action of the contract (`types/api.ts`), each as `action()` made it: a missing one does not compile. */
export type ActionDefs<F extends FunctionName> = {
  [K in ActionName<F>]: Action<ApiSchemas[F][K], Api[F][K]['output']>;
};

export interface TimerContext {
  requestId: string;
  now: number;
  fn: FunctionName;
  /** The trigger's name as in config.json. */
  trigger: string;
}
export type TimerHandler = (ctx: TimerContext) => Promise<unknown>;

export interface FunctionSpec<F extends FunctionName> {
  name: F;
  actions: ActionDefs<NoInfer<F>>;
  /** Timer triggers by name (config.json `triggers[].name`). Only the platform can fire them. */
  timers?: { [trigger: string]: TimerHandler };
}

/** What a registered function exposes to tests and tooling (no handlers). */
export interface FunctionDefinition {
  name: FunctionName;
  actions: readonly { name: string; policy: Policy<never>; input: unknown }[];
  timers: readonly string[];
}

export type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>;

interface Registered {
  input: {
    safeParse(
      v: unknown,
    ): { success: true; data: unknown } | { success: false; error: { issues: unknown[] } };
  };
  policy: Policy<unknown>;
  handler: (input: unknown, ctx: ActionContext) => Promise<unknown>;
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Clock and caller resolution, replaceable in unit tests only. */
export interface RouterDeps {
  now: () => number;
  resolveCaller: (openid: string) => Promise<Caller>;
}
const defaultDeps: RouterDeps = { now: () => Date.now(), resolveCaller: (openid) => resolveCaller(openid) };

export function defineFunction<F extends FunctionName>(
  spec: FunctionSpec<F>,
  deps: RouterDeps = defaultDeps,
): { main: Main; definition: FunctionDefinition } {
  return build(spec, deps);
}

/**
 * Tests only: a function with SOME of its contract's actions (to drive the router with stand-in
 * handlers or another clock). A deployed function registers every action: `defineFunction`.
 */
export function definePartialFunction<F extends FunctionName>(
  spec: Omit<FunctionSpec<F>, 'actions'> & { actions: Partial<ActionDefs<NoInfer<F>>> },
  deps: RouterDeps = defaultDeps,
): { main: Main; definition: FunctionDefinition } {
  return build(spec, deps);
}

function build<F extends FunctionName>(
  spec: Omit<FunctionSpec<F>, 'actions'> & { actions: object },
  deps: RouterDeps,
): { main: Main; definition: FunctionDefinition } {
  const table: Record<string, Registered> = Object.create(null);
  for (const [name, def] of Object.entries(spec.actions as Record<string, unknown>)) {
    const d = def as Partial<Registered> | undefined;
    if (!d) continue;
    // The type system already demands these; this guards plain-JS registrations and casts.
    if (!isPolicy(d.policy))
      throw new Error(`${spec.name}.${name}: every action must declare a valid policy`);
    if (!d.input || typeof d.input.safeParse !== 'function')
      throw new Error(`${spec.name}.${name}: input schema missing`);
    if (typeof d.handler !== 'function') throw new Error(`${spec.name}.${name}: handler missing`);
    table[name] = Object.freeze({ input: d.input, policy: d.policy, handler: d.handler }) as Registered;
  }
  const actions = Object.freeze(table);
  const timers: Record<string, TimerHandler> = Object.freeze(
    Object.assign(Object.create(null), spec.timers ?? {}),
  );

  const definition: FunctionDefinition = Object.freeze({
    name: spec.name,
    actions: Object.freeze(
      Object.keys(actions).map((name) => ({
        name,
        policy: actions[name].policy as Policy<never>,
        input: actions[name].input as unknown,
      })),
    ),
    timers: Object.freeze(Object.keys(timers)),
  });

  const main: Main = async (event, context) => {
    const fallbackId = newRequestId();
    let requestId = fallbackId;
    let action: string | undefined;
    try {
      const invocation = readInvocation(context, fallbackId);
      requestId = invocation.requestId;

      // Timer triggers (S-24): the platform fires them with `TRIGGER_SRC=timer` in the invocation's
      // environment and `{ Type: 'Timer', TriggerName, Time }` as the event. A client can send the
      // event shape (with or without a caller), never the source: the source decides.
      if (invocation.fromTimer || isTimerEvent(event)) {
        if (!invocation.fromTimer || invocation.openid !== '')
          return fail('FORBIDDEN', 'timer triggers are fired by the platform only');
        if (!isTimerEvent(event))
          return invalidArgument([
            { path: 'TriggerName', message: 'a timer invocation needs a timer event' },
          ]);
        const trigger = event.TriggerName;
        if (!has(timers, trigger)) {
          return invalidArgument([{ path: 'TriggerName', message: `unknown timer trigger` }]);
        }
        return ok(await timers[trigger]({ requestId, now: deps.now(), fn: spec.name, trigger }));
      }

      if (!event || typeof event !== 'object' || Array.isArray(event)) {
        return invalidArgument([{ path: 'action', message: 'event must be an object { action, payload }' }]);
      }
      const rawAction = (event as { action?: unknown }).action;
      if (typeof rawAction !== 'string' || rawAction === '') {
        return invalidArgument([{ path: 'action', message: 'required: a string naming the action' }]);
      }
      if (!has(actions, rawAction)) {
        return invalidArgument([{ path: 'action', message: `unknown action of ${spec.name}` }]);
      }
      action = rawAction;
      const def = actions[rawAction];

      const rawPayload = (event as { payload?: unknown }).payload;
      const parsed = def.input.safeParse(rawPayload === undefined || rawPayload === null ? {} : rawPayload);
      if (!parsed.success) {
        return invalidArgument(zodFields(parsed.error as Parameters<typeof zodFields>[0], 'payload'));
      }

      const caller = await deps.resolveCaller(invocation.openid);
      // The invocation's clock, read once: the policy (time-bound grants such as a delegation) and
      // the handler judge by the same instant.
      const now = deps.now();
      // The one authorisation check; nothing of the handler runs before it (not even a read that
      // could reveal whether a resource exists, beyond the policy's own branchFrom).
      const decision = await authorise(caller, def.policy, parsed.data, now);
      if (!decision.allow) throw new DomainError(decision.code, denyMessage(decision.code));

      const data = await def.handler(parsed.data, {
        caller,
        requestId,
        now,
        fn: spec.name,
        action: rawAction,
      });
      return ok(data);
    } catch (err) {
      return errorToEnvelope(err, { requestId, fn: spec.name, action });
    }
  };

  return { main, definition };
}

function denyMessage(code: 'UNAUTHENTICATED' | 'NOT_BOUND' | 'FORBIDDEN'): string {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'no caller identity in the platform context';
    case 'NOT_BOUND':
      return 'no active member is bound to this WeChat user';
    case 'FORBIDDEN':
      return 'not allowed';
  }
}

function isTimerEvent(e: unknown): e is { Type: 'Timer'; TriggerName: string } {
  return (
    !!e &&
    typeof e === 'object' &&
    (e as { Type?: unknown }).Type === 'Timer' &&
    typeof (e as { TriggerName?: unknown }).TriggerName === 'string'
  );
}

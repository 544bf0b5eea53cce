import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { errorText } from '@/services/api';

/** What the last action came to: the text `ok` made of the answer, or the failure in Chinese. */
export interface Msg {
  ok: boolean;
  text: string;
  /** the `key` of the run that said it (a list says it on that row) */
  key?: string;
}

/** Words for a success: fixed, or made from the answer (null: nothing to say this time). */
export type Say<T> = string | ((answer: T) => string | null);

export interface ActionOptions<T> {
  /** Which control runs it (a row's id, `approve`, `save`): `running` names it meanwhile. */
  key?: string;
  /** A long action's first step in words (正在生成表格…); the action says the next through `step`. */
  progress?: string;
  /** When it succeeds: the message (`msg`, green); a function may answer null for none. */
  ok?: Say<T>;
  /** When it succeeds: a toast (✓); a function may answer null for none. */
  toast?: Say<T>;
  /**
   * The words for a failure where this action knows better than `errorText` (CONFLICT on a name
   * → 已有同名支部); undefined: `errorText(e)`; null: say nothing (the user cancelled a picker).
   */
  fail?: (e: unknown) => string | null | undefined;
  /** Say the failure in a toast instead of `msg` (a page with no place for a message). */
  failToast?: boolean;
  /**
   * Asked while another action runs: wait for it and then run (something that must not be lost,
   * e.g. a batch held for 撤销). Without it, a second run while one is running is ignored.
   */
  after?: boolean;
}

/** The answer when the action succeeded; null when it failed (already said) or was ignored. */
export type ActionResult<T> = { answer: T } | null;

/** What a run changes on the page; `useAction` gives React state, the test plain functions. */
export interface ActionSinks {
  setRunning: (key: string | null) => void;
  setProgress: (text: string | null) => void;
  setMsg: (msg: Msg | null) => void;
  toast: (text: string, ok: boolean) => void;
}

const words = <T>(say: Say<T> | undefined, answer: T) => (typeof say === 'function' ? say(answer) : say);

/**
 * The one busy → try → catch → finally of the mini-program, without React: one action at a time,
 * its key while it runs, its outcome said (message or toast) in Chinese.
 */
export function actionRunner(sinks: ActionSinks) {
  let current: Promise<unknown> | null = null;
  return async function run<T>(
    action: (step: (progress: string) => void) => Promise<T>,
    opts: ActionOptions<T> = {},
  ): Promise<ActionResult<T>> {
    if (current && !opts.after) return null;
    while (current) await current;
    const mine = (async (): Promise<ActionResult<T>> => {
      sinks.setRunning(opts.key ?? 'action');
      sinks.setProgress(opts.progress ?? null);
      sinks.setMsg(null);
      try {
        const answer = await action(sinks.setProgress);
        const ok = words(opts.ok, answer);
        if (ok) sinks.setMsg({ ok: true, text: ok, key: opts.key });
        const toast = words(opts.toast, answer);
        if (toast) sinks.toast(toast, true);
        return { answer };
      } catch (e) {
        const said = opts.fail?.(e);
        const text = said === undefined ? errorText(e) : said;
        if (text !== null) {
          if (opts.failToast) sinks.toast(text, false);
          else sinks.setMsg({ ok: false, text, key: opts.key });
        }
        return null;
      } finally {
        current = null;
        sinks.setRunning(null);
        sinks.setProgress(null);
      }
    })();
    current = mine;
    return mine;
  };
}

export interface Action {
  /** Some action is running (its buttons show `loading`, the others may be `disabled`). */
  busy: boolean;
  /** The key of the running action (a list row's own button: `loading={running === row.id}`). */
  running: string | null;
  /** What a long action is doing now, in words (its `progress`, then each `step`); null when idle. */
  progress: string | null;
  /** The last action's outcome (cleared when the next starts); a page may set it (a form's check). */
  msg: Msg | null;
  setMsg: (msg: Msg | null) => void;
  /** Runs `action` (which calls `callApi` and does what follows a success, e.g. a quiet reload). */
  run: <T>(
    action: (step: (progress: string) => void) => Promise<T>,
    opts?: ActionOptions<T>,
  ) => Promise<ActionResult<T>>;
}

/**
 * A button that runs an action (save, approve, sign up, export): `loading={a.busy}` while it runs,
 * the failure in Chinese as `a.msg` (or a toast), an optional success message or toast, one run at
 * a time. `run` answers `{ answer }` or null, for what the page does next (close a form, reload).
 */
export function useAction(): Action {
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [msg, setMsg] = useState<Msg | null>(null);
  const run = useRef<Action['run'] | null>(null);
  run.current ??= actionRunner({
    setRunning,
    setProgress,
    setMsg,
    toast: (title, ok) => void Taro.showToast({ title, icon: ok ? 'success' : 'none' }),
  });
  return { busy: running !== null, running, progress, msg, setMsg, run: run.current };
}

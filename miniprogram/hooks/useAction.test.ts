/**
 * The one action runner behind `useAction` (busy key, progress, Chinese errors, one run at a time),
 * driven without React: its sinks record what a page would show. `@tarojs/taro` is replaced by a
 * small stand-in (TOOLCHAIN pitfall 10); the runner itself never calls it (its toasts go to a sink).
 */
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }));

import { ApiError } from '@/services/api';
import { messageFor } from '@/services/error-messages';
import { actionRunner, type Msg } from './useAction';

function page() {
  const seen = {
    running: [] as (string | null)[],
    progress: [] as (string | null)[],
    msg: null as Msg | null,
    toasts: [] as { text: string; ok: boolean }[],
  };
  const run = actionRunner({
    setRunning: (k) => seen.running.push(k),
    setProgress: (p) => seen.progress.push(p),
    setMsg: (m) => (seen.msg = m),
    toast: (text, ok) => seen.toasts.push({ text, ok }),
  });
  return { seen, run };
}

/** A promise the test settles when it wants. */
function later<T>() {
  let settle!: { resolve: (v: T) => void; reject: (e: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

test('a success: busy under its key while it runs, then the answer, its message and its toast', async () => {
  const { seen, run } = page();
  const answer = later<{ sent: number }>();
  const done = run(() => answer.promise, {
    key: 'nudge',
    ok: (r) => `已向 ${r.sent} 人发送`,
    toast: '已发送',
  });
  expect(seen.running).toEqual(['nudge']);
  answer.resolve({ sent: 3 });
  await expect(done).resolves.toEqual({ answer: { sent: 3 } });
  expect(seen.running).toEqual(['nudge', null]);
  expect(seen.msg).toEqual({ ok: true, text: '已向 3 人发送', key: 'nudge' });
  expect(seen.toasts).toEqual([{ text: '已发送', ok: true }]);
});

test('a success with nothing to say leaves the message empty; the next run clears the last one', async () => {
  const { seen, run } = page();
  await run(() => Promise.reject(new ApiError('FORBIDDEN')));
  expect(seen.msg?.ok).toBe(false);
  await run(() => Promise.resolve([1, 2]), { ok: (xs) => (xs.length > 5 ? 'many' : null) });
  expect(seen.msg).toBeNull();
  expect(seen.toasts).toEqual([]);
});

test('a failure is said in the shared Chinese text of its code; anything else as INTERNAL', async () => {
  const { seen, run } = page();
  await expect(run(() => Promise.reject(new ApiError('CONFLICT')), { key: 'a1' })).resolves.toBeNull();
  expect(seen.msg).toEqual({ ok: false, text: messageFor('CONFLICT'), key: 'a1' });
  expect(seen.running).toEqual(['a1', null]);

  await run(async () => {
    throw new TypeError('x is undefined');
  });
  expect(seen.msg).toEqual({ ok: false, text: messageFor('INTERNAL') });
});

test("an action's own words for a failure, silence, or a toast instead of the message", async () => {
  const { seen, run } = page();
  const conflict = (e: unknown) =>
    e instanceof ApiError && e.code === 'CONFLICT' ? '已有同名支部' : undefined;
  await run(() => Promise.reject(new ApiError('CONFLICT')), { fail: conflict });
  expect(seen.msg?.text).toBe('已有同名支部');
  await run(() => Promise.reject(new ApiError('FORBIDDEN')), { fail: conflict });
  expect(seen.msg?.text).toBe(messageFor('FORBIDDEN'));

  await run(() => Promise.reject(new Error('picker closed')), { fail: () => null });
  expect(seen.msg).toBeNull();

  await run(() => Promise.reject(new ApiError('RATE_LIMITED')), { failToast: true });
  expect(seen.msg).toBeNull();
  expect(seen.toasts).toEqual([{ text: messageFor('RATE_LIMITED'), ok: false }]);
});

test('one at a time: a second tap while one runs is ignored', async () => {
  const { seen, run } = page();
  const first = later<string>();
  let calls = 0;
  const a = run(() => first.promise, { key: 'row-1' });
  const b = run(async () => void calls++, { key: 'row-2' });
  await expect(b).resolves.toBeNull();
  expect(calls).toBe(0);
  first.resolve('ok');
  await expect(a).resolves.toEqual({ answer: 'ok' });
  expect(seen.running).toEqual(['row-1', null]);
  // once it is over, the next one runs
  await expect(run(async () => ++calls)).resolves.toEqual({ answer: 1 });
});

test('`after`: asked while another runs, it waits for it and then runs (a held batch is not lost)', async () => {
  const { seen, run } = page();
  const first = later<string>();
  const order: string[] = [];
  const a = run(() => first.promise.then((v) => (order.push('first'), v)), { key: 'approve:1' });
  const batch = run(async () => (order.push('batch'), 'sent'), { key: 'batch', after: true });
  const late = run(async () => 'again', { key: 'batch', after: true });
  await Promise.resolve();
  expect(order).toEqual([]);
  first.resolve('ok');
  await expect(batch).resolves.toEqual({ answer: 'sent' });
  await expect(late).resolves.toEqual({ answer: 'again' });
  await a;
  expect(order).toEqual(['first', 'batch']);
  expect(seen.running).toEqual(['approve:1', null, 'batch', null, 'batch', null]);
});

test('progress: the first step in words, each next step from the action, cleared at the end', async () => {
  const { seen, run } = page();
  await run(
    async (step) => {
      step('正在打开…');
      return 1;
    },
    { progress: '正在生成表格…' },
  );
  expect(seen.progress).toEqual(['正在生成表格…', '正在打开…', null]);
  await run(() => Promise.reject(new ApiError('NETWORK')), { progress: '正在上传照片…' });
  expect(seen.progress.slice(3)).toEqual(['正在上传照片…', null]);
  expect(seen.msg?.text).toBe(messageFor('NETWORK'));
});

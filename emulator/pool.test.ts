/** Worker pool limits: per-function cap and FIFO queue, overall cap, nested calls never deadlock. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud } from './index';

const functionsDir = path.join(__dirname, 'fixtures', 'functions');
let cloud: LocalCloud;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-pool-'));
  cloud = await startLocalCloud({
    port: 0,
    dataDir,
    functionsDir,
    quiet: true,
    timers: false,
    maxWorkersPerFunction: 2,
    maxWorkers: 2,
  });
});
afterAll(async () => {
  await cloud.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const call = async (fn: string, event: unknown, openid = 'o_p') =>
  (
    await fetch(`${cloud.url}/fn/${fn}`, {
      method: 'POST',
      headers: { 'x-openid': openid },
      body: JSON.stringify(event),
    })
  ).json() as Promise<Record<string, unknown>>;

test('calls beyond the per-function cap wait in line and reuse the warm workers', async () => {
  const t0 = Date.now();
  const results = await Promise.all([1, 2, 3, 4, 5, 6].map(() => call('slow', { ms: 300 })));
  const elapsed = Date.now() - t0;
  expect(results.every((r) => r.sleptMs === 300)).toBe(true);
  // two at a time: three rounds of 300 ms
  expect(elapsed).toBeGreaterThanOrEqual(850);
  const s = cloud.stats().find((x) => x.name === 'slow')!;
  expect(s.cold).toBe(2);
  expect(s.warm).toBe(4);
  expect(s.workers).toBe(2);
});

test('at the overall cap an idle worker of another function makes room', async () => {
  await call('whoami', {});
  const live = cloud.stats().reduce((n, s) => n + s.workers, 0);
  expect(live).toBeLessThanOrEqual(2);
  expect(cloud.stats().find((x) => x.name === 'whoami')!.workers).toBe(1);
});

test('functions calling functions do not deadlock when every worker is a caller', async () => {
  // two callers fill the overall cap (2); their nested calls to whoami still run
  const [a, b] = await Promise.all([call('caller', {}, 'o_a'), call('caller', {}, 'o_b')]);
  expect((a.viaWx as { openid: string }).openid).toBe('o_a');
  expect((b.viaNode as { openid: string }).openid).toBe('o_b');
}, 20_000);

test('stopping the cloud answers in-flight calls instead of leaving them hanging', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-pool-stop-'));
  const c = await startLocalCloud({ port: 0, dataDir: dir, functionsDir, quiet: true, timers: false });
  try {
    const pending = fetch(`${c.url}/fn/slow`, { method: 'POST', body: JSON.stringify({ ms: 900 }) }).then(
      async (r) => ({ status: r.status, body: (await r.json()) as { error: { message: string } } }),
      (e: Error) => ({ status: 0, body: { error: { message: e.message } } }),
    );
    await new Promise((r) => setTimeout(r, 400)); // the call is running
    await c.stop();
    const r = await pending;
    expect(r.status).toBe(503);
    expect(r.body.error.message).toContain('stopped (shutdown)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 15_000);

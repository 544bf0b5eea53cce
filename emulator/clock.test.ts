/**
 * The local cloud's clock (GET/POST /__clock): functions' Date, db.serverDate(), the outbox and the
 * timer schedule follow it; it never moves back behind a write unless reset; it survives a restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useLocalCloud } from '../testing/cloud';
import { clockOf, DAY, HOUR } from '../testing/clock';
import { parseClockRequest } from './clock';
import { startLocalCloud } from './index';

const cloud = useLocalCloud({ functionsDir: path.join(__dirname, 'fixtures', 'functions') });

interface Seen {
  loadedAt: number;
  now: number;
  newDate: number;
  dateCall: string;
  epoch: number;
  parsed: number;
  utc: number;
  isDate: boolean;
  iso: string;
  serverDate?: number;
}

const seen = (write = false) => cloud.call('clock', { write }) as unknown as Promise<Seen>;

async function postClock(body: unknown) {
  const res = await fetch(`${cloud.url}/__clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

afterEach(async () => {
  await cloud.clock.reset();
});

test('GET /__clock answers real time with offset 0 on a fresh local cloud', async () => {
  const before = Date.now();
  const s = await cloud.clock.get();
  expect(s.offsetMs).toBe(0);
  expect(s.now).toBeGreaterThanOrEqual(before);
  expect(s.now).toBeLessThanOrEqual(Date.now());
});

test('advanceMs moves the time functions see: Date.now, new Date(), Date(), db.serverDate()', async () => {
  const s = await cloud.clock.advance(3 * DAY);
  expect(s.offsetMs).toBeGreaterThanOrEqual(3 * DAY - 50);
  expect(s.offsetMs).toBeLessThanOrEqual(3 * DAY + 50);
  const r = await seen(true);
  const expected = Date.now() + 3 * DAY;
  for (const t of [r.now, r.newDate, Date.parse(r.iso), r.serverDate as number]) {
    expect(Math.abs(t - expected)).toBeLessThan(5_000);
  }
  expect(Math.abs(Date.parse(r.dateCall) - expected)).toBeLessThan(5_000);
  // explicit dates are untouched
  expect(r.epoch).toBe(0);
  expect(r.parsed).toBe(Date.parse('2026-01-02T03:04:05Z'));
  expect(r.utc).toBe(Date.UTC(2026, 0, 2));
  expect(r.isDate).toBe(true);
});

test('now sets an absolute time; a warm worker follows the next move', async () => {
  const target = Date.parse('2030-06-01T00:00:00Z');
  const s = await cloud.clock.set(target);
  expect(Math.abs(s.now - target)).toBeLessThan(50);
  const a = await seen();
  expect(a.now - target).toBeGreaterThanOrEqual(0);
  expect(a.now - target).toBeLessThan(5_000);
  await cloud.clock.advance(2 * HOUR);
  const b = await seen(); // same (warm) instance
  expect(b.loadedAt).toBe(a.loadedAt);
  expect(b.now - (target + 2 * HOUR)).toBeGreaterThanOrEqual(0);
  expect(b.now - (target + 2 * HOUR)).toBeLessThan(5_000);
});

test('it never moves back behind a write; reset returns to real time anyway', async () => {
  await cloud.clock.advance(10 * DAY);
  const w = await seen(true); // a write at +10 days
  const back = await postClock({ advanceMs: -DAY });
  expect(back.status).toBe(409);
  expect(back.body.error).toMatchObject({ code: 'CLOCK_BEFORE_WRITE' });
  // the clock did not move
  expect((back.body.now as number) - w.now).toBeGreaterThanOrEqual(0);
  await expect(cloud.clock.set(w.now - HOUR)).rejects.toMatchObject({ code: 'CLOCK_BEFORE_WRITE' });
  // forward is always fine
  await cloud.clock.advance(HOUR);
  const r = await cloud.clock.reset();
  expect(r.offsetMs).toBe(0);
  expect(Math.abs(r.now - Date.now())).toBeLessThan(50);
  const after = await seen();
  expect(Math.abs(after.now - Date.now())).toBeLessThan(5_000);
});

test('moving back is allowed while no write happened since', async () => {
  await cloud.clock.advance(DAY);
  const s = await cloud.clock.advance(-HOUR);
  expect(Math.abs(s.offsetMs - 23 * HOUR)).toBeLessThan(100);
});

test('bad bodies answer 400 INVALID_ARGUMENT and change nothing', async () => {
  for (const body of [
    {},
    { now: 'tomorrow' },
    { advanceMs: 1.5 },
    { reset: false },
    { now: 1, advanceMs: 1 },
    [],
  ]) {
    const r = await postClock(body);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(r.body.offsetMs).toBe(0);
  }
  expect(() => parseClockRequest({ now: -1 })).toThrow(/between 1970 and 2100/);
});

test('the outbox stamps open-API calls with the clock', async () => {
  await cloud.clock.advance(5 * DAY);
  await cloud.call('notify', {
    api: 'send',
    data: { touser: 'o_clock', templateId: 'tmpl', data: { thing1: { value: '提醒' } } },
  });
  const last = (await cloud.outbox()).at(-1);
  expect(last).toBeDefined();
  expect(Math.abs((last?.at ?? 0) - (Date.now() + 5 * DAY))).toBeLessThan(5_000);
});

describe('the timer schedule and restarts', () => {
  const functionsDir = path.join(__dirname, 'fixtures', 'clocked');

  test('moving the clock past 09:00 (UTC+8) runs the daily trigger once, with the clock in its event', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-clock-'));
    const c = await startLocalCloud({ port: 0, dataDir, functionsDir, quiet: true });
    try {
      const clock = clockOf(c.url);
      const runsAfter = (n: number, ms?: number) =>
        waitFor(async () => {
          const r = await readRuns(c.url);
          return r.length >= n ? r : null;
        }, ms);
      // 08:59:50 in UTC+8 on some day in 2031: years of 09:00s passed, one coalesced run
      await clock.set(Date.parse('2031-03-10T08:59:50+08:00'));
      expect(await runsAfter(1)).toHaveLength(1);
      const timers = (await (await fetch(`${c.url}/__timers`)).json()) as { next: number }[];
      expect(timers[0].next).toBe(Date.parse('2031-03-10T09:00:00+08:00'));
      // three days later: the three missed 09:00s coalesce into one run, stamped with the clock
      await clock.advance(3 * DAY);
      const runs = await runsAfter(2);
      expect(runs).toHaveLength(2);
      const at = Date.parse('2031-03-13T08:59:50+08:00');
      expect(Math.abs(Date.parse(runs[1].time) - at)).toBeLessThan(5_000);
      expect(Math.abs(runs[1].sawNow - at)).toBeLessThan(5_000);
      const next = (await (await fetch(`${c.url}/__timers`)).json()) as { next: number }[];
      expect(next[0].next).toBe(Date.parse('2031-03-13T09:00:00+08:00'));
      // and the next 09:00 comes on schedule as the (shifted) clock runs on
      const all = await runsAfter(3, 20_000);
      expect(all).toHaveLength(3);
      expect(all[2].time).toBe('2031-03-13T01:00:00Z');
      expect(all[2].sawNow).toBeGreaterThanOrEqual(Date.parse('2031-03-13T01:00:00Z'));
    } finally {
      await c.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 40_000);

  test('a restarted local cloud keeps its offset and still refuses to go behind its data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-clock-'));
    try {
      let c = await startLocalCloud({ port: 0, dataDir, functionsDir, quiet: true, timers: false });
      await clockOf(c.url).advance(7 * DAY);
      await fetch(`${c.url}/__timers/daily`, { method: 'POST' }); // a write at +7 days
      await c.stop();
      c = await startLocalCloud({ port: 0, dataDir, functionsDir, quiet: true, timers: false });
      try {
        const clock = clockOf(c.url);
        const s = await clock.get();
        expect(Math.abs(s.offsetMs - 7 * DAY)).toBeLessThan(1_000);
        await expect(clock.advance(-DAY)).rejects.toMatchObject({ code: 'CLOCK_BEFORE_WRITE' });
        expect((await clock.reset()).offsetMs).toBe(0);
      } finally {
        await c.stop();
      }
      expect(fs.existsSync(path.join(dataDir, 'clock.json'))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 40_000);
});

async function readRuns(url: string): Promise<{ time: string; sawNow: number }[]> {
  // a real SDK app in this process, pointed at that local cloud
  const tcb = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk');
  const { pointSdkAt } = require('./sdk') as typeof import('./sdk');
  pointSdkAt(url, 'localcloud');
  const app = tcb.init({ env: 'localcloud' });
  try {
    const r = await app.database().collection('fixture_runs').orderBy('time', 'asc').get();
    return (r.data ?? []) as { time: string; sawNow: number }[];
  } catch {
    return [];
  }
}

async function waitFor<T>(probe: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

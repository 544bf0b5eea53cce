/** Timer triggers run on schedule while timers are enabled (and not when they are off). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud } from './index';
import { timerEvent } from './timers';

const functionsDir = path.join(__dirname, 'fixtures', 'timed');

async function withCloud(timers: boolean, body: (c: LocalCloud, lines: string[]) => Promise<void>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-timers-'));
  const lines: string[] = [];
  const c = await startLocalCloud({
    port: 0,
    dataDir,
    functionsDir,
    timers,
    quiet: true,
    onLog: (l) => lines.push(l),
  });
  try {
    await body(c, lines);
  } finally {
    await c.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

test('an every-second trigger fires on schedule with the timer event', async () => {
  await withCloud(true, async (c, lines) => {
    await new Promise((r) => setTimeout(r, 2600));
    const s = c.stats().find((x) => x.name === 'beat');
    expect(s?.invocations).toBeGreaterThanOrEqual(2);
    expect(s?.errors).toBe(0);
    const fired = lines.filter((l) => l.startsWith('[timer beat/everySecond] fire '));
    expect(fired.length).toBeGreaterThanOrEqual(2);
    // fire times fall on whole seconds
    for (const l of fired) expect(l).toMatch(/fire \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    // never the same instant twice
    expect(new Set(fired).size).toBe(fired.length);
  });
}, 20_000);

test('with timers off nothing fires by itself', async () => {
  await withCloud(false, async (c) => {
    await new Promise((r) => setTimeout(r, 1500));
    expect(c.stats().find((x) => x.name === 'beat')).toBeUndefined();
  });
}, 20_000);

test('timer event shape', () => {
  expect(timerEvent('daily', Date.parse('2026-03-01T01:02:03.456Z'))).toEqual({
    Type: 'Timer',
    TriggerName: 'daily',
    Time: '2026-03-01T01:02:03Z',
    Message: '',
  });
});

test('a rebuilt config.json re-arms its triggers (picked up on the next rescan or GET /__timers)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-rearm-'));
  const fnDir = path.join(dir, 'fns', 'pulse');
  fs.mkdirSync(fnDir, { recursive: true });
  fs.copyFileSync(path.join(functionsDir, 'beat', 'index.js'), path.join(fnDir, 'index.js'));
  const setTriggers = (triggers: unknown[]) =>
    fs.writeFileSync(path.join(fnDir, 'config.json'), JSON.stringify({ triggers }));
  setTriggers([]);
  const c = await startLocalCloud({
    port: 0,
    dataDir: path.join(dir, 'data'),
    functionsDir: path.join(dir, 'fns'),
    quiet: true,
  });
  const count = () => c.stats().find((x) => x.name === 'pulse')?.invocations ?? 0;
  try {
    await new Promise((r) => setTimeout(r, 1200));
    expect(count()).toBe(0);
    setTriggers([{ name: 'fast', type: 'timer', config: '* * * * * * *' }]);
    await fetch(`${c.url}/__timers`); // rescan now instead of waiting up to 5 s
    await new Promise((r) => setTimeout(r, 2300));
    expect(count()).toBeGreaterThanOrEqual(2);
    setTriggers([]);
    await fetch(`${c.url}/__timers`);
    await new Promise((r) => setTimeout(r, 300)); // a run that had started may finish
    const after = count();
    await new Promise((r) => setTimeout(r, 1500));
    expect(count()).toBe(after);
  } finally {
    await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 20_000);

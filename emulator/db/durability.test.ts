/**
 * Durability: a burst of writes through the real SDK against a child process, kill -9 in the middle, reopen
 * the SQLite file, and every write that was acknowledged is there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalDatabase } from './index';
import { pointSdkAt } from './testkit';

const dir = mkdtempSync(path.join(tmpdir(), 'tcb-durability-'));
const file = path.join(dir, 'db.sqlite');
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startChild(): Promise<{ proc: ChildProcess; port: number }> {
  // one process (node with the tsx loader), so that SIGKILL hits the process that owns the database
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'durability-child.ts'), file],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ proc, port: Number(m[1]) });
    });
    proc.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

it('every acknowledged write survives kill -9 during a burst', async () => {
  const started = await startChild();
  child = started.proc;
  pointSdkAt(`http://127.0.0.1:${started.port}/admin`);
  const tcb = require('@cloudbase/node-sdk');
  const d = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV, timeout: 5000 }).database();
  await d.collection('tally').doc('t').set({ n: 0 });

  const acked: string[] = [];
  let ackedIncs = 0;
  let killed = false;
  let seq = 0;
  const writer = async (w: number) => {
    while (!killed) {
      const s = seq++;
      try {
        if (s % 4 === 3) {
          await d
            .collection('tally')
            .doc('t')
            .update({ n: d.command.inc(1) });
          ackedIncs++;
        } else {
          const id = `w${w}-${s}`;
          await d.collection('burst').add({ _id: id, seq: s, payload: 'x'.repeat(200), at: new Date() });
          acked.push(id);
        }
      } catch {
        return; // the connection died with the process: this write was never acknowledged
      }
      if (acked.length >= 150 && !killed) {
        killed = true;
        child!.kill('SIGKILL'); // other writers still have requests in flight
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, (_x, w) => writer(w)));
  await new Promise<void>((r) =>
    child!.exitCode !== null || child!.signalCode ? r() : child!.once('exit', () => r()),
  );
  expect(child!.signalCode).toBe('SIGKILL');
  child!.stdout!.destroy();

  const db = new LocalDatabase({ file, collections: [{ name: 'burst' }, { name: 'tally' }] });
  try {
    const reply = await db.handle('database.getDocument', {
      collectionName: 'burst',
      query: JSON.stringify({ _id: { $in: acked } }),
      limit: 1000,
    });
    const found = new Set((reply.data as { list: string[] }).list.map((s) => JSON.parse(s)._id as string));
    const missing = acked.filter((id) => !found.has(id));
    expect(missing).toEqual([]);
    expect(acked.length).toBeGreaterThanOrEqual(150);
    const tally = await db.handle('database.getDocument', { collectionName: 'tally', query: '{"_id":"t"}' });
    const n = JSON.parse((tally.data as { list: string[] }).list[0]).n as number;
    expect(n).toBeGreaterThanOrEqual(ackedIncs);
  } finally {
    db.close();
  }
});

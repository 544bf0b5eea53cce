/** The CLI as `npm run emulator` runs it (tsx emulator/cli.ts): ready line, APP_* pass-through, clean exit. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appEnv, parseArgs } from './cli';

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const fixtures = path.join(__dirname, 'fixtures', 'functions');

interface Running {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(tsx, [path.join(__dirname, 'cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line in 30 s:\n${out}`)), 30_000);
    const onData = () => {
      const m = /^local cloud ready: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve({ child, out: () => out, url: m[1], exited });
      }
    };
    child.stdout.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before ready:\n${out}`));
    });
  });
}

describe('emulator CLI', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-cli-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('prints the ready line, serves, passes APP_* to functions, and exits 0 on SIGTERM', async () => {
    const r = await start(
      ['--port', '0', '--data', dataDir, '--functions', fixtures, '--no-timers', '--strict-indexes'],
      {
        APP_GREETING: 'from the CLI env',
        NOT_APP_SECRET: 'must not leak',
      },
    );
    try {
      const health = (await (await fetch(`${r.url}/__health`)).json()) as { ok: boolean };
      expect(health.ok).toBe(true);
      const who = (await (
        await fetch(`${r.url}/fn/whoami`, { method: 'POST', headers: { 'x-openid': 'o_cli' }, body: '{}' })
      ).json()) as { openid: string; greeting: string; leaked: string | null };
      expect(who).toMatchObject({ openid: 'o_cli', greeting: 'from the CLI env', leaked: null });
      expect(r.out()).toMatch(/\[fn whoami [0-9a-f]{32}\] whoami o_cli/);
      expect(r.out().match(/local cloud ready:/g)).toHaveLength(1);
      // the data folder holds the database
      expect(fs.existsSync(path.join(dataDir, 'db.sqlite'))).toBe(true);
    } finally {
      r.child.kill('SIGTERM');
    }
    const exit = await r.exited;
    expect(exit.code).toBe(0);
    expect(r.out()).toContain('local cloud stopping (SIGTERM)');
    await expect(fetch(`${r.url}/__health`)).rejects.toThrow();
  }, 60_000);

  test('SIGINT also stops it cleanly, and the data survives a restart', async () => {
    const first = await start(['--port', '0', '--data', dataDir, '--functions', fixtures, '--no-timers']);
    const note = (await (
      await fetch(`${first.url}/fn/notes`, {
        method: 'POST',
        headers: { 'x-openid': 'o_n' },
        body: '{"text":"keep me"}',
      })
    ).json()) as { id: string };
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(0);

    const second = await start(['--port', '0', '--data', dataDir, '--functions', fixtures, '--no-timers']);
    try {
      const ui = await (await fetch(`${second.url}/__ui?c=fixture_notes`)).text();
      expect(ui).toContain(note.id);
      expect(ui).toContain('keep me');
    } finally {
      second.child.kill('SIGTERM');
    }
    expect((await second.exited).code).toBe(0);
  }, 60_000);

  test('a bad flag exits 2 with a message', async () => {
    const child = spawn(tsx, [path.join(__dirname, 'cli.ts'), '--bogus'], { cwd: root });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('unknown option --bogus');
  }, 30_000);
});

describe('CLI argument parsing', () => {
  test('defaults and flags', () => {
    expect(parseArgs([])).toEqual({ port: 8787, dataDir: '.localcloud' });
    expect(
      parseArgs([
        '--port',
        '0',
        '--data=/tmp/x',
        '--seed',
        '--strict-indexes',
        '--no-timers',
        '--functions',
        'f',
      ]),
    ).toEqual({
      port: 0,
      dataDir: '/tmp/x',
      seed: true,
      strictIndexes: true,
      timers: false,
      functionsDir: 'f',
    });
    expect(() => parseArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseArgs(['--data'])).toThrow(/needs a value/);
  });

  test('only APP_* variables are passed to functions', () => {
    expect(appEnv({ APP_A: '1', APPX: '2', PATH: '/bin', APP_ADMIN_OPENIDS: 'o_a,o_b' })).toEqual({
      APP_A: '1',
      APP_ADMIN_OPENIDS: 'o_a,o_b',
    });
  });
});

/**
 * Jest harness for the local cloud. In a test file:
 *
 *   const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_admin' } });
 *   test('me', async () => {
 *     const r = await cloud.call('member', { action: 'me' }, 'o_admin');
 *     expect(r.ok).toBe(true);
 *   });
 *
 * `useLocalCloud` registers beforeAll/afterAll: a private emulator per test file (port 0, a temp data
 * folder under os.tmpdir(), strict indexes, timers off, quiet), running the bundles in dist/functions
 * (built once by testing/global-setup.ts). It also points this process's `@cloudbase/node-sdk` and
 * `wx-server-sdk` at that emulator (process.env seam), so `app()` / `db()` are the real SDK.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { roundTripsOf, type RoundTrips } from './round-trips';
export { roundTripsOf, type RoundTrips } from './round-trips';
import type { Envelope } from '../types/envelope';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../emulator/index';
import type { FunctionStats } from '../emulator/functions/pool';
import type { OutboxEntry } from '../emulator/openapi';
import { createSdkApp, pointSdkAt, type CloudBaseApp } from '../emulator/sdk';
import { clockOf, type ClockHandle } from './clock';

export interface UseLocalCloudOptions {
  /** variables for every function, e.g. { APP_ADMIN_OPENIDS: 'o_admin' } */
  env?: Record<string, string>;
  /** run scripts/seed seedDemo(app) into the fresh store */
  seed?: boolean;
  /** defaults to dist/functions (repo root) */
  functionsDir?: string;
  /** default true (tests should declare the indexes their queries need) */
  strictIndexes?: boolean;
  /** keep the data folder after the tests (its path is in `dataDir`) */
  keepData?: boolean;
  /** anything else startLocalCloud takes */
  extra?: Partial<LocalCloudOptions>;
}

export interface TimerFired<T = unknown> {
  fn: string;
  trigger: string;
  requestId: string;
  durationMs: number;
  /** the run's round trips (also the `x-db-requests` / `x-openapi-calls` answer headers) */
  dbRequests: number;
  openApiCalls: number;
  result: T;
}

export interface LocalCloudHandle {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly dataDir: string;
  /** POST /fn/<fn> as `openid` (none = anonymous); resolves to the function's answer (envelope), whatever the HTTP status */
  call<T = unknown>(fn: string, event: unknown, openid?: string): Promise<Envelope<T>>;
  /** `call`, plus the round trips the invocation made (database requests, open-API calls) */
  callCounted<T = unknown>(
    fn: string,
    event: unknown,
    openid?: string,
  ): Promise<{ result: Envelope<T> } & RoundTrips>;
  /** a real @cloudbase/node-sdk app pointed at the emulator (server keys: no caller identity) */
  app(): CloudBaseApp;
  /** app().database() */
  db(): ReturnType<CloudBaseApp['database']>;
  /** GET /__outbox: open-API calls, newest last */
  outbox(): Promise<OutboxEntry[]>;
  /** POST /__timers/<fn>: runs that function's timer trigger now; resolves when it finished */
  fireTimer<T = unknown>(fn: string, trigger?: string): Promise<TimerFired<T>>;
  /** make subscribeMessage.send to this openid fail with 43101 (refuse=false undoes it) */
  refuseOpenApi(openid: string, refuse?: boolean): Promise<void>;
  /** cold/warm invocation numbers per function */
  stats(): FunctionStats[];
  /** the local cloud's clock (GET/POST /__clock): `await cloud.clock.advance(25 * HOUR)` (testing/clock.ts) */
  readonly clock: ClockHandle;
  /** the running emulator */
  readonly cloud: LocalCloud;
}

const repoRoot = path.resolve(__dirname, '..');

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
}

export function useLocalCloud(opts: UseLocalCloudOptions = {}): LocalCloudHandle {
  let cloud: LocalCloud | null = null;
  let app: CloudBaseApp | null = null;
  let dataDir = '';

  const running = (): LocalCloud => {
    if (!cloud)
      throw new Error('useLocalCloud: the local cloud is not running (use it inside tests, after beforeAll)');
    return cloud;
  };

  beforeAll(async () => {
    if (!opts.functionsDir && process.env.LOCALCLOUD_BUILD_ERROR) {
      throw new Error(
        `useLocalCloud: the function bundles could not be built: ${process.env.LOCALCLOUD_BUILD_ERROR}`,
      );
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-test-'));
    const functionsDir = opts.functionsDir ?? path.join(repoRoot, 'dist', 'functions');
    cloud = await startLocalCloud({
      port: 0,
      dataDir,
      functionsDir,
      collectionsFile: path.join(repoRoot, 'cloudfunctions', 'collections.json'),
      h5Dir: path.join(repoRoot, 'dist', 'h5'),
      strictIndexes: opts.strictIndexes ?? true,
      timers: false,
      quiet: true,
      seed: opts.seed,
      env: opts.env,
      ...opts.extra,
    });
    // this process's SDKs (node-sdk, wx-server-sdk) now talk to this emulator
    pointSdkAt(cloud.url, cloud.envId);
  }, 120_000);

  afterAll(async () => {
    await cloud?.stop();
    cloud = null;
    app = null;
    if (dataDir && !opts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const handle: LocalCloudHandle = {
    get url() {
      return running().url;
    },
    get dataDir() {
      running();
      return dataDir;
    },
    get cloud() {
      return running();
    },
    async call<T>(fn: string, event: unknown, openid?: string): Promise<Envelope<T>> {
      const res = await fetch(`${running().url}/fn/${encodeURIComponent(fn)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) },
        body: JSON.stringify(event ?? {}),
      });
      return json<Envelope<T>>(res, `call ${fn}`);
    },
    async callCounted<T>(fn: string, event: unknown, openid?: string) {
      const res = await fetch(`${running().url}/fn/${encodeURIComponent(fn)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) },
        body: JSON.stringify(event ?? {}),
      });
      const result = await json<Envelope<T>>(res, `call ${fn}`);
      return { result, ...roundTripsOf(res) };
    },
    app() {
      const c = running();
      app ??= createSdkApp(c.url, c.envId);
      return app;
    },
    db() {
      return handle.app().database();
    },
    async outbox() {
      return json<OutboxEntry[]>(await fetch(`${running().url}/__outbox`), 'outbox');
    },
    async fireTimer<T>(fn: string, trigger?: string): Promise<TimerFired<T>> {
      const q = trigger ? `?trigger=${encodeURIComponent(trigger)}` : '';
      const res = await fetch(`${running().url}/__timers/${encodeURIComponent(fn)}${q}`, { method: 'POST' });
      const body = await json<TimerFired<T> & { error?: unknown }>(res, `fireTimer ${fn}`);
      if (!res.ok) throw new Error(`fireTimer ${fn}: HTTP ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    async refuseOpenApi(openid: string, refuse = true) {
      const res = await fetch(`${running().url}/__openapi/refuse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid, refuse }),
      });
      if (!res.ok) throw new Error(`refuseOpenApi: HTTP ${res.status} ${await res.text()}`);
    },
    stats() {
      return running().stats();
    },
    clock: clockOf(() => running().url),
  };
  return handle;
}

/**
 * The local cloud: a CloudBase-compatible emulator (see emulator/README.md).
 *
 *   const cloud = await startLocalCloud({ dataDir: '.localcloud', port: 0 });
 *   // cloud.url → http://127.0.0.1:<port>; await cloud.stop();
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { DatabaseEngine, TokenInfo } from './admin';
import { LocalClock } from './clock';
import { LocalDatabase, loadCollectionSpecs } from './db/index';
import { FunctionPool, inheritedEnv, type FunctionStats } from './functions/pool';
import { LogRing } from './logs';
import { OpenApiOutbox } from './openapi';
import { createSdkApp, seamEnv, type CloudBaseApp } from './sdk';
import { createHttpServer } from './server';
import { LocalStorage, PLATFORM_DEFAULT_RULE } from './storage';
import { StorageRules, type StorageRuleSet } from './storage-rules';
import { TimerService } from './timers';

export interface LocalCloudOptions {
  /** 8787 by default; 0 = a free port */
  port?: number;
  host?: string;
  /** folder for the SQLite file, storage/ and outbox.jsonl (created if missing) */
  dataDir: string;
  functionsDir?: string;
  collectionsFile?: string;
  /**
   * the storage security rule for client calls (`{ "rules": { read, write } }`, as deployed by
   * `npm run deploy`); default cloudfunctions/storage.rules.json, else CloudBase's basic permission
   */
  storageRulesFile?: string;
  /** fail queries that no declared index serves (on in tests) */
  strictIndexes?: boolean;
  /**
   * load the app's hooks module (`hooksModule`): its `seedDemo(app)` runs when the store is empty, its
   * `identities(app, env)` answers `GET /__identities`
   */
  seed?: boolean;
  /** the hooks module `seed` loads (default scripts/seed/index.ts) */
  hooksModule?: string;
  /** answers `GET /__identities` (else the hooks module's, else `[]`) */
  identities?: IdentitiesHook;
  /** extra variables for every function (the CLI passes the APP_* variables of its own environment) */
  env?: Record<string, string>;
  /** run timer triggers on schedule (default true) */
  timers?: boolean;
  /** print nothing (logs still reach the ring buffer, /__logs and /__ui) */
  quiet?: boolean;
  h5Dir?: string;
  /** CloudBase environment id the functions see (TCB_ENV / SCF_NAMESPACE); default "localcloud" */
  envId?: string;
  /** mini-program appid the functions see (WX_APPID) */
  appid?: string;
  /** worker pool limits: per function (default 4) and overall (default 8) */
  maxWorkersPerFunction?: number;
  maxWorkers?: number;
  /** function timeout when config.json has none, seconds (default 20) */
  defaultTimeoutSec?: number;
  /** how long a database transaction may stay open before the server aborts it (default 10 s); tests shorten it */
  transactionTimeoutMs?: number;
  /** receives every log line as well */
  onLog?: (line: string) => void;
}

export interface LocalCloud {
  url: string;
  port: number;
  envId: string;
  appid: string;
  dataDir: string;
  stats(): FunctionStats[];
  stop(): Promise<void>;
}

export const DEFAULT_ENV_ID = 'localcloud';
export const DEFAULT_APPID = 'wx00000000localcld';

function openDatabase(o: {
  dataDir: string;
  collectionsFile: string;
  strictIndexes: boolean;
  log: (m: string) => void;
  clock: LocalClock;
  transactionTimeoutMs?: number;
}): DatabaseEngine {
  const exists = fs.existsSync(o.collectionsFile);
  if (!exists) o.log(`[localcloud] ${o.collectionsFile} not found: no collections declared`);
  return new LocalDatabase({
    file: path.join(o.dataDir, 'db.sqlite'),
    collections: exists ? loadCollectionSpecs(o.collectionsFile) : [],
    strictIndexes: o.strictIndexes,
    log: o.log,
    now: () => o.clock.now(),
    onWrite: () => o.clock.noteWrite(),
    transactionTimeoutMs: o.transactionTimeoutMs,
  });
}

/** `GET /__identities`: whatever the app's hook answers (the local cloud knows no app collections). */
export type IdentitiesHook = (app: CloudBaseApp, env: Record<string, string>) => Promise<unknown[]>;

/**
 * The app's hooks module (`--seed`): `seedDemo(app, local)` for an empty store (`local.url`: the
 * running local cloud, e.g. to fire a timer trigger over `POST /__timers/<fn>`), `identities(app, env)`.
 */
interface AppHooks {
  seedDemo?: (app: unknown, local: { url: string }) => Promise<unknown>;
  identities?: IdentitiesHook;
}

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const abs = (p: string) => path.resolve(process.cwd(), p);
  const dataDir = abs(opts.dataDir);
  const functionsDir = abs(opts.functionsDir ?? 'dist/functions');
  const collectionsFile = abs(opts.collectionsFile ?? 'cloudfunctions/collections.json');
  const h5Dir = abs(opts.h5Dir ?? 'dist/h5');
  const envId = opts.envId ?? DEFAULT_ENV_ID;
  const appid = opts.appid ?? DEFAULT_APPID;
  const fnEnv = { ...(opts.env ?? {}) };
  fs.mkdirSync(dataDir, { recursive: true });

  const logs = new LogRing(2000, opts.quiet ? null : (l) => process.stdout.write(l + '\n'));
  const log = (l: string) => {
    logs.log(l);
    opts.onLog?.(l);
  };

  const clock = new LocalClock(dataDir);
  if (clock.offsetMs !== 0)
    log(
      `[clock] local cloud time ${new Date(clock.now()).toISOString()} (offset ${clock.offsetMs} ms, kept in clock.json; POST /__clock {"reset":true} returns to real time)`,
    );
  const db = openDatabase({
    dataDir,
    collectionsFile,
    strictIndexes: !!opts.strictIndexes,
    log,
    clock,
    transactionTimeoutMs: opts.transactionTimeoutMs,
  });
  // data already stored was written before now: the clock may not move back behind it
  if (db.listCollections().some((c) => c.count > 0)) clock.noteExistingData();
  let url = '';
  const tokens = new Map<string, TokenInfo>();
  // filled in once the port is known; workers read it when they start
  const baseEnv: Record<string, string> = { ...inheritedEnv(), ...fnEnv };
  const pool = new FunctionPool({
    functionsDir,
    baseEnv,
    perFunction: opts.maxWorkersPerFunction,
    total: opts.maxWorkers,
    defaultTimeoutSec: opts.defaultTimeoutSec,
    log,
    onTokenIssued: (token, info) => tokens.set(token, info),
    onTokenRevoked: (token) => tokens.delete(token),
    clockOffsetMs: () => clock.offsetMs,
  });
  const outbox = new OpenApiOutbox(dataDir, () => clock.now());
  const storageRulesFile = abs(opts.storageRulesFile ?? 'cloudfunctions/storage.rules.json');
  const storage = new LocalStorage(
    dataDir,
    envId,
    () => url,
    new StorageRules(
      fs.existsSync(storageRulesFile)
        ? (JSON.parse(fs.readFileSync(storageRulesFile, 'utf8')) as { rules: StorageRuleSet }).rules
        : PLATFORM_DEFAULT_RULE,
    ),
  );
  const timers = new TimerService(pool, { appid }, log, clock);
  const startedAt = Date.now();
  let identities: IdentitiesHook | undefined = opts.identities;

  const server: http.Server = createHttpServer({
    db: () => db,
    pool,
    outbox,
    storage,
    tokens,
    log,
    timers,
    logs,
    appid,
    h5Dir,
    identities: async () => (identities ? identities(createSdkApp(url, envId), fnEnv) : []),
    startedAt,
    clock,
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8787, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });
  url = `http://127.0.0.1:${port}`;
  Object.assign(baseEnv, seamEnv(url, envId));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    timers.stop();
    // stop accepting, answer in-flight invocations (503), then drop the remaining connections
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await pool.close();
    await new Promise((r) => setImmediate(r));
    server.closeAllConnections();
    await closed;
    db.close();
  };

  try {
    // every endpoint answers once the server does; check it end to end
    const health = await fetch(`${url}/__health`);
    if (!health.ok) throw new Error(`health check answered ${health.status}`);

    if (opts.seed) {
      const hooks = loadHooks(opts.hooksModule, log);
      identities ??= hooks?.identities;
      if (hooks) await seedIfEmpty(db, hooks, url, envId, log);
    }
    if (opts.timers !== false) timers.start();
    else timers.load();
  } catch (e) {
    await stop();
    throw e;
  }

  log(`[localcloud] data ${dataDir}; functions ${functionsDir} (${pool.list().join(', ') || 'none'})`);
  return { url, port, envId, appid, dataDir, stats: () => pool.getStats(), stop };
}

function loadHooks(file: string | undefined, log: (l: string) => void): AppHooks | null {
  const hooksFile = file ? path.resolve(file) : path.resolve(__dirname, '..', 'scripts', 'seed', 'index.ts');
  if (!fs.existsSync(hooksFile)) {
    log(`[seed] seeding unavailable: ${path.relative(process.cwd(), hooksFile)} does not exist`);
    return null;
  }
  return require(hooksFile) as AppHooks;
}

async function seedIfEmpty(
  db: DatabaseEngine | null,
  hooks: AppHooks,
  url: string,
  envId: string,
  log: (l: string) => void,
) {
  if (!db) {
    log('[seed] skipped: no database engine');
    return;
  }
  if (db.listCollections().some((c) => c.count > 0)) {
    log('[seed] store not empty: not seeding');
    return;
  }
  if (typeof hooks.seedDemo !== 'function') {
    log('[seed] seeding unavailable: the hooks module does not export seedDemo(app)');
    return;
  }
  const t0 = Date.now();
  await hooks.seedDemo(createSdkApp(url, envId), { url });
  log(`[seed] demo data written in ${Date.now() - t0} ms`);
}

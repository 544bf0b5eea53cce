import * as tcb from '@cloudbase/node-sdk';

/**
 * The one place the CloudBase app is created: lazily, once per function instance (module scope
 * survives warm invocations). `SYMBOL_CURRENT_ENV` makes the SDK use the environment the function
 * runs in (SCF_NAMESPACE / TCB_ENV), so the same bundle runs in production and in the local cloud,
 * where TCB_CONTEXT_CNFG points the SDK at the emulator. Only repositories (`repos/`) use `getDb()`;
 * `context.ts` uses `platformContext()` to read the caller.
 */
export type CloudApp = ReturnType<typeof tcb.init>;
export type Db = ReturnType<CloudApp['database']>;
export type CollectionRef = ReturnType<Db['collection']>;
/**
 * A document inside a transaction. `get()` answers `{ data: <the document> | null }` there (the SDK's
 * transaction path), not the list a plain `doc().get()` answers.
 */
export interface TxDocument {
  get(): Promise<{ data: unknown }>;
  set(data: object): Promise<unknown>;
  update(data: object): Promise<unknown>;
  remove(): Promise<unknown>;
}

/**
 * The transaction object `runTransaction` hands its callback (the database package types it as
 * `any`), narrowed to what CloudBase runs inside a transaction: single-document operations only —
 * `collection(c).doc(id).get/set/update/remove` and `collection(c).add(<one document>)`. There is no
 * `where`, `count` or `aggregate`: CloudBase refuses a where-read in a transaction, and the SDK sends
 * `where().update/remove`, `count()` and `aggregate()` WITHOUT the transaction id, so they would run at
 * once outside it and survive a rollback (emulator/db/contract.test.ts shows both).
 */
export interface TxCollection {
  doc(id: string | number): TxDocument;
  add<T extends object>(data: T extends readonly unknown[] ? never : T): Promise<unknown>;
}

export interface Transaction {
  collection(name: string): TxCollection;
}

let app: CloudApp | undefined;
let db: Db | undefined;

export function getApp(): CloudApp {
  if (!app) app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  return app;
}

export function getDb(): Db {
  if (!db) db = getApp().database();
  return db;
}

/**
 * The platform's invocation context (WX_OPENID, WX_APPID, …). The SDK reads it from the SCF
 * `context.environment` (JSON, newer runtimes) or `context.environ` (older), falling back to
 * `process.env` for the keys listed in WX_CONTEXT_KEYS — which is how `auth().getUserInfo()` and
 * the local cloud's worker threads provide it. Never from the event: a client can put anything there.
 */
export function platformContext(context: unknown): {
  WX_OPENID?: string;
  WX_APPID?: string;
  /** `timer` when a timer trigger fired the invocation (set by the platform, never by a caller) */
  TRIGGER_SRC?: string;
} {
  const c = context as { environment?: unknown; environ?: unknown } | null | undefined;
  if (c && typeof c === 'object' && (typeof c.environment === 'string' || typeof c.environ === 'string')) {
    try {
      return tcb.getCloudbaseContext(c as Parameters<typeof tcb.getCloudbaseContext>[0]);
    } catch {
      // a malformed SCF context: fall through to process.env
    }
  }
  return tcb.getCloudbaseContext();
}

/**
 * The database half of the local CloudBase: the `database.*` actions of the `/admin` wire protocol over
 * SQLite, in three parts — `store.ts` (documents and index tables), `transactions.ts` (snapshot
 * isolation and locks), `wire.ts` (decoding requests; `operations.ts` runs each one the same way with
 * or without a transaction). See emulator/README.md ("Database").
 */
export { LocalDatabase, type LocalDatabaseOptions } from './wire';
export { loadCollectionSpecs, type CollectionSpec } from './store';

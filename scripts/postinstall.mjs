// Runs after `npm install` / `npm ci`. Nothing to download: every tool comes from the registry.
// It only checks that the native SQLite binding loaded, because a wrong better-sqlite3 major
// (13.x) installs fine on Node 20 and then crashes at run time.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
try {
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
} catch (e) {
  console.error('[postinstall] better-sqlite3 failed to load:', e.message);
  process.exit(1);
}

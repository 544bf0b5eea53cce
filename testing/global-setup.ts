/**
 * jest globalSetup: builds the function bundles (dist/functions) once per jest run, so every test
 * file's local cloud runs the current code. Skipped when the bundles are newer than every source
 * they come from (cloudfunctions/, types/, the build script), or when LOCALCLOUD_SKIP_BUILD=1.
 * A failed build does not stop the run: it sets LOCALCLOUD_BUILD_ERROR, which makes every
 * useLocalCloud() on dist/functions fail with that message (unit tests still run).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function newestMtime(p: string): number {
  let newest = 0;
  const walk = (q: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(q);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      if (path.basename(q) === 'node_modules') return;
      for (const e of fs.readdirSync(q)) walk(path.join(q, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  walk(p);
  return newest;
}

function oldestBundle(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  const bundles = fs
    .readdirSync(dir)
    .map((d) => path.join(dir, d, 'index.js'))
    .filter((f) => fs.existsSync(f));
  if (bundles.length === 0) return 0;
  return Math.min(...bundles.map((f) => fs.statSync(f).mtimeMs));
}

export default async function globalSetup(): Promise<void> {
  const script = path.join(root, 'scripts', 'build-functions.ts');
  if (process.env.LOCALCLOUD_SKIP_BUILD === '1') return;
  if (!fs.existsSync(script)) {
    process.stdout.write(
      '\n[global-setup] scripts/build-functions.ts not found: function bundles not built\n',
    );
    return;
  }
  const sources = Math.max(
    newestMtime(path.join(root, 'cloudfunctions')),
    newestMtime(path.join(root, 'types')),
    fs.statSync(script).mtimeMs,
  );
  if (oldestBundle(path.join(root, 'dist', 'functions')) > sources) return; // up to date
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '-s', 'build:functions'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    // Do not abort the whole run (unit tests do not need the bundles): every useLocalCloud() on
    // dist/functions fails with this message instead of testing stale bundles.
    process.env.LOCALCLOUD_BUILD_ERROR = `npm run build:functions failed (exit ${r.status}); see the output above`;
    process.stdout.write(`\n[global-setup] ${process.env.LOCALCLOUD_BUILD_ERROR}\n`);
    return;
  }
  delete process.env.LOCALCLOUD_BUILD_ERROR;
  process.stdout.write(`\n[global-setup] functions built in ${Date.now() - t0} ms\n`);
}

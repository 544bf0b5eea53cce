/**
 * One place decides the Chromium path (scripts/chromium.cjs): the browser tests (e2e/h5/browser.ts)
 * and CI (.ci/run) read it; with CI=true a missing Chromium fails the browser tests, never skips them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const cfg = require('./chromium.cjs') as {
  DEFAULT_CHROMIUM: string;
  chromiumPath(env?: Record<string, string | undefined>): string;
  chromiumRequired(env?: Record<string, string | undefined>): boolean;
  chromiumAvailable(p?: string): boolean;
};

/** What e2e/h5/browser.ts decides under `env`, run in a fresh process. */
function browserModule(env: Record<string, string>) {
  const script = `import('./e2e/h5/browser.ts').then(async (mod) => {
    const b = mod.default ?? mod;
    let launch = 'not tried';
    if (b.hasChromium && !${JSON.stringify(env.CHROMIUM_PATH ?? '')}.startsWith('/usr/bin')) {
      try { await b.launchChromium(); launch = 'launched'; } catch (e) { launch = String(e.message); }
    }
    console.log(JSON.stringify({ path: b.CHROMIUM, run: b.hasChromium, launch }));
  });`;
  const base = { ...process.env };
  delete base.CI;
  delete base.CHROMIUM_REQUIRED;
  delete base.CHROMIUM_PATH;
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), '-e', script], {
    cwd: root,
    env: { ...base, ...env },
    encoding: 'utf8',
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as { path: string; run: boolean; launch: string };
}

test('the path: CHROMIUM_PATH, else /usr/bin/chromium; CI or CHROMIUM_REQUIRED=1 make it required', () => {
  expect(cfg.chromiumPath({})).toBe('/usr/bin/chromium');
  expect(cfg.chromiumPath({ CHROMIUM_PATH: '/opt/c/chrome' })).toBe('/opt/c/chrome');
  expect(cfg.chromiumRequired({})).toBe(false);
  expect(cfg.chromiumRequired({ CI: 'true' })).toBe(true);
  expect(cfg.chromiumRequired({ CHROMIUM_REQUIRED: '1' })).toBe(true);
  expect(cfg.chromiumAvailable('/nonexistent/chromium')).toBe(false);
});

test('browser tests follow it: a missing Chromium skips locally, fails (no skip) under CI', () => {
  const local = browserModule({ CHROMIUM_PATH: '/nonexistent/chromium' });
  expect(local).toMatchObject({ path: '/nonexistent/chromium', run: false });
  const ci = browserModule({ CHROMIUM_PATH: '/nonexistent/chromium', CI: 'true' });
  expect(ci).toMatchObject({ path: '/nonexistent/chromium', run: true });
  expect(ci.launch).toMatch(/no Chromium at \/nonexistent\/chromium/);
}, 30_000);

test('CI asks the same script, and fails before the tests when the install did not provide it', () => {
  const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
  expect(ci).toMatch(/node scripts\/chromium\.cjs \|\| \{|if ! node scripts\/chromium\.cjs; then/);
  expect(ci).not.toMatch(/command -v chromium/);
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'chromium.cjs')], {
    env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
    encoding: 'utf8',
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/no Chromium at \/nonexistent\/chromium/);
});

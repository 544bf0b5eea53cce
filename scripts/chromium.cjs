#!/usr/bin/env node
// The one place that decides which Chromium the browser tests use (e2e/h5/browser.ts) and CI checks
// for (.ci/run): `CHROMIUM_PATH` if set, else Debian's /usr/bin/chromium.
// `node scripts/chromium.cjs` prints the path and exits 0 when it is an executable file, 1 otherwise.
// Browser tests skip (loudly) without it on a developer's machine, but fail when CHROMIUM_REQUIRED=1
// or CI=true: CI installs Chromium first, so a missing one there is a broken set-up, not a skip.
'use strict';
const fs = require('node:fs');

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

function chromiumPath(env = process.env) {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

function chromiumAvailable(p = chromiumPath()) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function chromiumRequired(env = process.env) {
  return env.CHROMIUM_REQUIRED === '1' || env.CI === 'true' || env.CI === '1';
}

module.exports = { DEFAULT_CHROMIUM, chromiumPath, chromiumAvailable, chromiumRequired };

if (require.main === module) {
  const p = chromiumPath();
  if (chromiumAvailable(p)) {
    console.log(p);
  } else {
    console.error(`no Chromium at ${p} (set CHROMIUM_PATH, or apt-get install chromium)`);
    process.exit(1);
  }
}

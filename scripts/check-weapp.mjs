#!/usr/bin/env node
// `npm run check:weapp`: WeChat's own offline checks on the built mini-program (dist/weapp, from
// `npm run build:weapp`), with miniprogram-ci — the library WeChat DevTools' checks come from:
// - `analyseCode` (代码静态依赖分析): every module resolves and builds; every file in the package is
//   reached from app.json (an unreached file is dead weight in the package);
// - `checkCodeQuality` (代码质量扫描): package sizes, JS/WXML/WXSS compression on, lazy code loading,
//   image/audio size, main-package code only subpackages use, unused components/plugins/code;
// - the upload white list (miniprogram-ci's MiniProgramWhiteList): a file type outside it never
//   reaches the phone.
// Each finding is an error: the script prints it and exits non-zero. Before trusting a clean result it
// runs the same checks on a deliberately broken copy and fails unless they catch every break.
//
// miniprogram-ci is large (~275 MB with its compilers), so it is not in the main install: it lives in
// tools/weapp-ci (own package.json + lockfile) and is installed there (`npm ci`) on first use.
// Offline: the checks read only the files; `new ci.Project` needs a private key but only the upload,
// preview and compile calls use it (to sign requests to WeChat), so a dummy key is given.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const toolDir = path.join(root, 'tools/weapp-ci');
const dist = path.resolve(root, process.argv[2] ?? 'dist/weapp');
const workDir = path.join(root, '.tmp/weapp-ci');

function ensureInstalled() {
  const lock = JSON.parse(fs.readFileSync(path.join(toolDir, 'package-lock.json'), 'utf8'));
  const want = lock.packages['node_modules/miniprogram-ci']?.version;
  const installed = path.join(toolDir, 'node_modules/miniprogram-ci/package.json');
  if (fs.existsSync(installed) && JSON.parse(fs.readFileSync(installed, 'utf8')).version === want) return;
  console.log(`check:weapp: installing miniprogram-ci ${want} into tools/weapp-ci (first use, ~2 min)`);
  // --ignore-scripts: nothing it needs builds at install time (the native parts ship as registry
  // packages), and no install script may fetch from outside the registry.
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: toolDir,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`npm ci in tools/weapp-ci failed (exit ${r.status ?? r.signal})`);
}

/** A DevTools project around a copy of `weappDir`: the repo's project.config.json (settings the
 * quality scan reads: minified, minifyWXML, minifyWXSS), its miniprogramRoot pointed at the copy. */
function projectFor(weappDir, name) {
  const dir = path.join(workDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const config = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8'));
  config.miniprogramRoot = 'miniprogram/';
  delete config.cloudfunctionRoot;
  fs.writeFileSync(path.join(dir, 'project.config.json'), JSON.stringify(config, null, 2));
  fs.cpSync(weappDir, path.join(dir, 'miniprogram'), { recursive: true });
  return dir;
}

function walk(dir, base = dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
    )
    .map((f) => f.split(path.sep).join('/'));
}

/** Files app.json names directly (tab bar icons): reached by the client, not by a module. */
function namedInAppJson(appJson) {
  const named = new Set();
  for (const t of appJson.tabBar?.list ?? []) {
    if (t.iconPath) named.add(t.iconPath.replace(/^\//, ''));
    if (t.selectedIconPath) named.add(t.selectedIconPath.replace(/^\//, ''));
  }
  return named;
}

/** Runs every check on a project; answers the findings (strings), empty when clean. */
async function check(ci, whiteList, projectDir) {
  const findings = [];
  const mp = path.join(projectDir, 'miniprogram');
  const appJson = JSON.parse(fs.readFileSync(path.join(mp, 'app.json'), 'utf8'));
  const project = new ci.Project({
    appid: 'wx0000000000000000', // the analysis never sends it anywhere
    type: 'miniProgram',
    projectPath: projectDir,
    privateKey: 'offline-checks-do-not-sign',
  });

  const analysis = await ci.analyseCode(project, { silent: true });
  if (!analysis) findings.push('analyseCode: no result');
  else {
    for (const m of analysis.modules)
      for (const e of m.errors ?? []) findings.push(`analyseCode: ${m.id}: ${e?.message ?? String(e)}`);
    for (const m of analysis.modules)
      for (const d of m.deps ?? [])
        if (d.error) findings.push(`analyseCode: ${m.id} → ${d.request}: ${d.error?.message ?? d.error}`);
    const named = namedInAppJson(appJson);
    const analysed = new Map(analysis.files.map((f) => [f.path, f]));
    for (const file of walk(mp)) {
      const f = analysed.get(file);
      if (f && f.moduleId === null && !named.has(file))
        findings.push(`analyseCode: ${file} is in the package but nothing reaches it (unused file)`);
    }
  }

  const quality = await ci.checkCodeQuality(project);
  for (const item of quality) {
    if (item.success) continue;
    const detail = item.detail && Object.keys(item.detail).length ? ` ${JSON.stringify(item.detail)}` : '';
    findings.push(`checkCodeQuality ${item.name}: ${item.text}${detail} (${item.docURL})`);
  }

  for (const file of walk(mp)) {
    if (!whiteList.includes(path.extname(file).toLowerCase()))
      findings.push(`upload white list: ${file} is not a file type a mini-program package may hold`);
  }
  return { findings, quality, analysis };
}

/** The checks must catch a package with lazy code loading off, a dead JS file and a `.txt` file. */
async function selfTest(ci, whiteList) {
  const dir = projectFor(dist, 'broken');
  const mp = path.join(dir, 'miniprogram');
  const appJson = JSON.parse(fs.readFileSync(path.join(mp, 'app.json'), 'utf8'));
  delete appJson.lazyCodeLoading;
  fs.writeFileSync(path.join(mp, 'app.json'), JSON.stringify(appJson));
  fs.writeFileSync(path.join(mp, 'orphan.js'), 'module.exports = 1;\n');
  fs.writeFileSync(path.join(mp, 'NOTES.txt'), 'not for the package\n');
  const { findings } = await check(ci, whiteList, dir);
  const expected = [/LAZYCODE_LOADING_OPEN/, /orphan\.js/, /NOTES\.txt/];
  const missed = expected.filter((re) => !findings.some((f) => re.test(f)));
  if (missed.length)
    throw new Error(
      `the checks missed deliberate breaks (${missed.join(', ')}); they reported: ${findings.join(' | ')}`,
    );
}

async function main() {
  if (!fs.existsSync(path.join(dist, 'app.json'))) {
    console.error(
      `check:weapp: ${path.relative(root, dist)}/app.json is missing: run npm run build:weapp first`,
    );
    return 1;
  }
  const t0 = Date.now();
  ensureInstalled();
  const require = createRequire(path.join(toolDir, 'package.json'));
  const ci = require('miniprogram-ci');
  // The built-in list (getWhiteExtList() would ask WeChat's server for the current one, offline it
  // falls back to this same list).
  const { MiniProgramWhiteList: whiteList } = require('miniprogram-ci/dist/utils/white_ext_list.js');
  const version = require('miniprogram-ci/package.json').version;

  await selfTest(ci, whiteList);
  const { findings, quality, analysis } = await check(ci, whiteList, projectFor(dist, 'dist'));
  const sizes = quality.find((q) => q.name === 'PACKAGE_SIZE_LIMIT')?.detail ?? {};
  console.log(
    `check:weapp (miniprogram-ci ${version}): ${analysis?.modules.length ?? 0} modules analysed; ` +
      `${quality.length} quality checks: ${quality.map((q) => `${q.name} ${q.success ? 'ok' : 'FAIL'}`).join(', ')}`,
  );
  console.log(
    'package sizes (KB): ' +
      Object.entries(sizes)
        .map(([k, v]) => `${k === '__APP__' ? 'main' : k} ${(v / 1024).toFixed(1)}`)
        .join(', '),
  );
  fs.rmSync(workDir, { recursive: true, force: true });
  if (findings.length) {
    console.error(`check:weapp: ${findings.length} finding(s):`);
    for (const f of findings) console.error(`  - ${f}`);
    return 1;
  }
  console.log(`check:weapp: clean (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  return 0;
}

// miniprogram-ci leaves file watchers and timers running: exit explicitly.
main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('check:weapp:', e?.stack ?? e);
    process.exit(1);
  },
);

/**
 * `npm run size` (after `npm run build:weapp`): bytes of the mini-program's main package, each
 * subpackage, and the total, plus the main package's share of WeChat's 2 MB limit.
 * Exit code 1 if the main package is over the project's budget (600 KB by default, or
 * `--budget <KB>`; WeChat's hard limit is 2 MB), a subpackage is over WeChat's 2 MB, or the whole
 * mini-program is over WeChat's 20 MB (`sizeViolations`).
 * `--json` prints one JSON object instead of the table (used by benchmarks).
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist/weapp');
const LIMIT = 2 * 1024 * 1024; // WeChat: main package ≤ 2 MB, each subpackage ≤ 2 MB, all ≤ 20 MB.
const SUB_LIMIT = 2 * 1024 * 1024;
const TOTAL_LIMIT = 20 * 1024 * 1024;
const DEFAULT_BUDGET = 600 * 1024;

export interface PackageSizes {
  main: number;
  sub: Record<string, number>;
}

/** What breaks a limit: the main package over min(budget, 2 MB), a subpackage over 2 MB, all over 20 MB. */
export function sizeViolations(sizes: PackageSizes, budget = DEFAULT_BUDGET): string[] {
  const out: string[] = [];
  if (sizes.main > Math.min(LIMIT, budget))
    out.push(
      `main package ${sizes.main} bytes exceeds ${budget < LIMIT ? `the budget of ${budget} bytes` : "WeChat's 2 MB limit"}`,
    );
  for (const [root, bytes] of Object.entries(sizes.sub))
    if (bytes > SUB_LIMIT)
      out.push(`subpackage ${root}/ ${bytes} bytes exceeds WeChat's 2 MB limit per subpackage`);
  const total = sizes.main + Object.values(sizes.sub).reduce((a, b) => a + b, 0);
  if (total > TOTAL_LIMIT) out.push(`the whole mini-program ${total} bytes exceeds WeChat's 20 MB limit`);
  return out;
}

// Files the uploader packs; anything else in the output (LICENSE notes, project config) is not shipped.
const SHIPPED = /\.(js|json|wxml|wxss|wxs|png|jpe?g|gif|svg|webp|mp3|wav|m4a|aac|ttf|woff2?|cer)$/i;
const NOT_SHIPPED_FILES = new Set(['project.config.json', 'project.private.config.json']);

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const budgetArg = args.indexOf('--budget');
  const budget = budgetArg >= 0 ? Number(args[budgetArg + 1]) * 1024 : DEFAULT_BUDGET;
  const appJsonPath = path.join(dist, 'app.json');
  if (!fs.existsSync(appJsonPath)) {
    console.error('dist/weapp/app.json not found: run `npm run build:weapp` first.');
    process.exit(2);
  }
  const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));

  const sizes = { main: 0, sub: Object.fromEntries(subRoots.map((r) => [r, 0])) as Record<string, number> };
  const mainFiles: { file: string; bytes: number }[] = [];
  const skipped: string[] = [];
  for (const abs of walk(dist)) {
    const rel = path.relative(dist, abs).split(path.sep).join('/');
    if (!SHIPPED.test(rel) || NOT_SHIPPED_FILES.has(rel)) {
      skipped.push(rel);
      continue;
    }
    const bytes = fs.statSync(abs).size;
    const sub = subRoots.find((r) => rel.startsWith(r + '/'));
    if (sub) sizes.sub[sub] += bytes;
    else {
      sizes.main += bytes;
      mainFiles.push({ file: rel, bytes });
    }
  }
  const total = sizes.main + Object.values(sizes.sub).reduce((a, b) => a + b, 0);
  const ratio = sizes.main / LIMIT;
  const violations = sizeViolations(sizes, budget);

  if (json) {
    console.log(
      JSON.stringify({
        mainBytes: sizes.main,
        subpackages: sizes.sub,
        totalBytes: total,
        limitBytes: LIMIT,
        mainRatio: ratio,
      }),
    );
  } else {
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
    console.log('weapp package sizes (dist/weapp, shipped files only)');
    console.log(
      `  main package   ${kb(sizes.main)}   ${(ratio * 100).toFixed(1)}% of 2 MB (budget ${(budget / 1024).toFixed(0)} KB)`,
    );
    for (const [r, b] of Object.entries(sizes.sub))
      console.log(
        `  ${(r + '/').padEnd(14)} ${kb(b)}   (subpackage, ${((b / SUB_LIMIT) * 100).toFixed(1)}% of 2 MB)`,
      );
    console.log(`  total          ${kb(total)}   ${((total / TOTAL_LIMIT) * 100).toFixed(1)}% of 20 MB`);
    console.log('  largest main-package files:');
    for (const f of mainFiles.sort((a, b) => b.bytes - a.bytes).slice(0, 6))
      console.log(`    ${kb(f.bytes)}  ${f.file}`);
    if (skipped.length) console.log(`  not shipped (ignored): ${skipped.join(', ')}`);
  }
  if (violations.length) {
    for (const v of violations) console.error(v);
    process.exit(1);
  }
}

if (require.main === module) main();

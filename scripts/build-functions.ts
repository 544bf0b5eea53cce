/**
 * `npm run build:functions`: bundles every cloud function into a folder the `tcb` CLI deploys as is.
 *
 *   cloudfunctions/<fn>/index.ts  →  dist/functions/<fn>/index.js     (CommonJS, node16, exports.main)
 *   cloudfunctions/<fn>/config.json → dist/functions/<fn>/config.json (timeout, triggers, …)
 *                                    dist/functions/<fn>/package.json  (name, main, dependencies)
 *
 * Our code, `types/`, zod and dayjs are bundled. `@cloudbase/node-sdk` stays external and is listed
 * in the generated package.json: CloudBase installs dependencies on deploy (`installDependency`).
 * Locally it resolves by Node's normal lookup: dist/ lives inside the repo, so
 * dist/functions/<fn>/index.js walks up to the repo's node_modules — no NODE_PATH needed (a copy of
 * dist/ outside the repo would need one). Also regenerates the `functions` list of cloudbaserc.json
 * from the built folders, so `tcb fn deploy` sees exactly what was built.
 */
import { build, type Metafile } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const srcRoot = path.join(root, 'cloudfunctions');
const defaultOutRoot = path.join(root, 'dist', 'functions');

/**
 * Packages left to CloudBase's dependency install (and to the repo's node_modules locally).
 * exceljs (1.7 MB) is one of them so that it is not parsed at every cold start: the actions that
 * need it (roster import from .xlsx, attendance export) load it with `await import('exceljs')`.
 */
export const EXTERNAL_PACKAGES = ['@cloudbase/node-sdk', 'wx-server-sdk', 'exceljs'];
/** Not deployable functions: shared code. */
const NOT_FUNCTIONS = new Set(['core', 'node_modules']);

export interface FunctionConfig {
  timeout: number;
  triggers: { name: string; type: 'timer'; config: string }[];
  memorySize?: number;
  runtime?: string;
  installDependency?: boolean;
  envVariables?: Record<string, string>;
  permissions?: { openapi?: string[] };
}

export function listFunctions(): string[] {
  return readdirSync(srcRoot)
    .filter((d) => !NOT_FUNCTIONS.has(d) && statSync(path.join(srcRoot, d)).isDirectory())
    .filter((d) => existsSync(path.join(srcRoot, d, 'index.ts')))
    .sort();
}

export function readConfig(fn: string): FunctionConfig {
  const file = path.join(srcRoot, fn, 'config.json');
  if (!existsSync(file)) throw new Error(`cloudfunctions/${fn}/config.json is missing (timeout, triggers)`);
  const cfg = JSON.parse(readFileSync(file, 'utf8')) as FunctionConfig;
  if (!Number.isInteger(cfg.timeout) || cfg.timeout < 1 || cfg.timeout > 900) {
    throw new Error(`cloudfunctions/${fn}/config.json: timeout must be an integer number of seconds`);
  }
  if (!Array.isArray(cfg.triggers))
    throw new Error(`cloudfunctions/${fn}/config.json: triggers must be an array`);
  for (const t of cfg.triggers) {
    if (t.type !== 'timer' || !t.name || t.config.trim().split(/\s+/).length !== 7) {
      throw new Error(`cloudfunctions/${fn}/config.json: trigger ${t.name}: a timer with a 7-field cron`);
    }
  }
  // the open APIs the function may call (CloudBase answers -604101 for any other); carried as is
  // into dist/functions/<fn>/config.json, which the local cloud and the deploy read
  const openapi = cfg.permissions?.openapi;
  if (
    cfg.permissions !== undefined &&
    (!Array.isArray(openapi) ||
      !openapi.every((a) => typeof a === 'string' && /^[A-Za-z]+\.[A-Za-z]+$/.test(a)))
  ) {
    throw new Error(
      `cloudfunctions/${fn}/config.json: permissions.openapi must list open API names such as "subscribeMessage.send"`,
    );
  }
  return cfg;
}

function rootPackage(): { version: string; dependencies: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
}

function installedVersion(pkg: string): string {
  const file = path.join(root, 'node_modules', pkg, 'package.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  const declared = rootPackage().dependencies[pkg];
  if (!declared) throw new Error(`${pkg} is external but neither installed nor declared in package.json`);
  return declared;
}

/** External packages an output file imports (from the metafile), so package.json lists only what is used. */
function externalsOf(meta: Metafile, outFile: string): string[] {
  const out = meta.outputs[path.relative(root, outFile).split(path.sep).join('/')];
  const used = new Set<string>();
  for (const imp of out?.imports ?? []) {
    if (!imp.external) continue;
    const pkg = EXTERNAL_PACKAGES.find((p) => imp.path === p || imp.path.startsWith(p + '/'));
    if (pkg) used.add(pkg);
  }
  return [...used].sort();
}

export interface BuildOptions {
  quiet?: boolean;
  /** Where the function folders go (default dist/functions). Keep it inside the repo so the SDK resolves. */
  outDir?: string;
  /** Rewrite cloudbaserc.json (default true). */
  writeRc?: boolean;
}

export async function buildFunctions(
  opts: BuildOptions = {},
): Promise<{ functions: string[]; ms: number; outDir: string }> {
  const t0 = Date.now();
  const outRoot = opts.outDir ?? defaultOutRoot;
  const fns = listFunctions();
  mkdirSync(outRoot, { recursive: true });
  // Folders of functions that no longer exist would otherwise be deployed and served.
  for (const d of readdirSync(outRoot)) {
    if (!fns.includes(d)) rmSync(path.join(outRoot, d), { recursive: true, force: true });
  }
  const configs = Object.fromEntries(fns.map((fn) => [fn, readConfig(fn)]));

  const result = await build({
    absWorkingDir: root,
    entryPoints: fns.map((fn) => ({ in: path.join(srcRoot, fn, 'index.ts'), out: `${fn}/index` })),
    outdir: outRoot,
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    external: EXTERNAL_PACKAGES,
    // Readable stack traces in INTERNAL logs; whitespace/syntax minification keeps cold starts short.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: 'none',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
    tsconfig: path.join(srcRoot, 'tsconfig.json'),
  });

  const version = rootPackage().version;
  for (const fn of fns) {
    const dir = path.join(outRoot, fn);
    const deps = Object.fromEntries(
      externalsOf(result.metafile, path.join(dir, 'index.js')).map((p) => [p, installedVersion(p)]),
    );
    const pkg = { name: fn, version, private: true, main: 'index.js', dependencies: deps };
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(configs[fn], null, 2) + '\n');
  }
  if (opts.writeRc !== false) writeCloudbaserc(fns, configs);

  const ms = Date.now() - t0;
  if (!opts.quiet) {
    for (const fn of fns) {
      const bytes = statSync(path.join(outRoot, fn, 'index.js')).size;
      console.log(`  ${fn.padEnd(12)} ${(bytes / 1024).toFixed(0).padStart(5)} KB`);
    }
    console.log(`built ${fns.length} functions into ${path.relative(root, outRoot)} in ${ms} ms`);
  }
  return { functions: fns, ms, outDir: outRoot };
}

/**
 * cloudbaserc.json (tcb CLI, config version 2.0): envId and the bootstrap admins come from the
 * deploying shell's environment (`{{env.X}}`); the functions list mirrors the built folders.
 * Rewritten only when its content changes.
 */
export function cloudbasercFor(fns: string[], configs: Record<string, FunctionConfig>): object {
  return {
    version: '2.0',
    envId: '{{env.TCB_ENV_ID}}',
    functionRoot: './dist/functions',
    functions: fns.map((fn) => {
      const c = configs[fn];
      return {
        name: fn,
        handler: 'index.main',
        runtime: c.runtime ?? 'Nodejs18.15',
        timeout: c.timeout,
        memorySize: c.memorySize ?? 256,
        installDependency: c.installDependency ?? true,
        envVariables: { APP_ADMIN_OPENIDS: '{{env.APP_ADMIN_OPENIDS}}', ...(c.envVariables ?? {}) },
        triggers: c.triggers,
      };
    }),
  };
}

function writeCloudbaserc(fns: string[], configs: Record<string, FunctionConfig>): void {
  const file = path.join(root, 'cloudbaserc.json');
  const text = JSON.stringify(cloudbasercFor(fns, configs), null, 2) + '\n';
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
}

if (require.main === module) {
  buildFunctions().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

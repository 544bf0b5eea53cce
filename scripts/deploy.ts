/**
 * `npm run deploy`: builds the functions (the npm script runs build:functions first), then deploys
 * to Tencent CloudBase in the order the app needs (README "Release"):
 *
 *   1. collections, indexes and permission modes (cloudfunctions/collections.json) — a function that
 *      starts before its collections exist fails with DATABASE_COLLECTION_NOT_EXIST;
 *   2. the storage security rule (cloudfunctions/storage.rules.json);
 *   3. the functions, without their timers (`tcb fn deploy`, from a copy of cloudbaserc.json
 *      without triggers);
 *   4. the open-API permissions: `tcb` does not apply config.json `permissions.openapi`, so the
 *      functions that declare some are listed to upload once with WeChat DevTools;
 *   5. the timers (`tcb fn trigger create`), last, so no timer fires into a half-deployed app.
 *
 * The CLI fills cloudbaserc.json's `{{env.NAME}}` from `.env` / `.env.local` files — NOT from the
 * shell — so the checked variables are written to `.env.local` (git-ignored) first.
 *
 *   npm i -g @cloudbase/cli                      # the `tcb` command
 *   npm i --no-save @cloudbase/manager-node@5    # database/storage/invoke API (deploy-time only)
 *   TCB_ENV_ID=<env id> TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… \
 *   APP_ADMIN_OPENIDS=<openid,…> APP_TEMPLATE_…=… npm run deploy
 *
 * `npm run deploy -- --dry-run` prints the plan without credentials or network.
 * `npm run deploy -- --check` (after a deploy) calls every function's health action and each
 * declared open API once against the real environment, and says which failed (exit 1 if any).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig, type FunctionConfig } from './build-functions';

const root = path.resolve(__dirname, '..');

export interface StorageRule {
  read: string | boolean;
  write: string | boolean;
}

export function loadStorageRule(): StorageRule {
  const file = path.join(root, 'cloudfunctions', 'storage.rules.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { rules: StorageRule }).rules;
}

export type DeployStep =
  | { kind: 'collections'; names: string[] }
  | { kind: 'storage-rule'; rule: StorageRule }
  | { kind: 'function'; fn: string }
  | { kind: 'openapi-permissions'; fn: string; apis: string[] }
  | { kind: 'timer'; fn: string; trigger: string; cron: string };

/** The deploy, in order: database, storage rule, functions, their open-API permissions, timers. */
export function deployPlan(
  fns: string[],
  configs: Record<string, FunctionConfig>,
  specs: CollectionSpec[],
  rule: StorageRule,
): DeployStep[] {
  const steps: DeployStep[] = [{ kind: 'collections', names: specs.map((c) => c.name) }];
  steps.push({ kind: 'storage-rule', rule });
  for (const fn of fns) steps.push({ kind: 'function', fn });
  for (const fn of fns) {
    const apis = configs[fn]?.permissions?.openapi ?? [];
    if (apis.length) steps.push({ kind: 'openapi-permissions', fn, apis });
  }
  for (const fn of fns)
    for (const t of configs[fn]?.triggers ?? [])
      steps.push({ kind: 'timer', fn, trigger: t.name, cron: t.config });
  return steps;
}

/** `.env.local` for the CLI: one `NAME=value` per placeholder (values must be single-line). */
export function envLocalText(names: string[], env: Record<string, string | undefined>): string {
  const lines = [
    '# written by `npm run deploy` for the CloudBase CLI ({{env.*}} in cloudbaserc.json); git-ignored',
  ];
  for (const name of names) {
    const v = env[name] ?? '';
    if (/[\r\n]/.test(v)) throw new Error(`${name} must be one line`);
    lines.push(`${name}=${/[\s#"'=]/.test(v) ? JSON.stringify(v) : v}`);
  }
  return lines.join('\n') + '\n';
}

/** cloudbaserc.json without timer triggers (step 3 deploys code; timers come last, step 5). */
export function withoutTriggers(rc: { functions: { triggers?: unknown[] }[] }): object {
  // an absolute functionRoot: the copy lives in .tmp/, the code in dist/functions
  return {
    ...rc,
    functionRoot: path.join(root, 'dist', 'functions'),
    functions: rc.functions.map((f) => ({ ...f, triggers: [] })),
  };
}

export interface CollectionSpec {
  name: string;
  permission?: string;
  indexes?: { name: string; keys: Record<string, 1 | -1>; unique?: boolean }[];
}

export function loadCollections(): CollectionSpec[] {
  const file = path.join(root, 'cloudfunctions', 'collections.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { collections: CollectionSpec[] }).collections;
}

export function builtFunctions(): string[] {
  const dir = path.join(root, 'dist', 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((fn) => existsSync(path.join(dir, fn, 'index.js')))
    .sort();
}

/** The CloudBase `UpdateTable` CreateIndexes entry of one declared index. */
export function toCreateIndex(ix: NonNullable<CollectionSpec['indexes']>[number]) {
  return {
    IndexName: ix.name,
    MgoKeySchema: {
      MgoIsUnique: !!ix.unique,
      MgoIndexKeys: Object.entries(ix.keys).map(([Name, d]) => ({ Name, Direction: String(d) })),
    },
  };
}

/** What is missing to deploy, as messages a human can act on (empty when ready). */
export function missingPrerequisites(
  env: Record<string, string | undefined>,
  fns: string[],
  placeholders: string[] = [],
): string[] {
  const missing: string[] = [];
  if (!env.TCB_ENV_ID) missing.push('TCB_ENV_ID is not set (the CloudBase environment id to deploy to)');
  if (!env.TENCENTCLOUD_SECRETID || !env.TENCENTCLOUD_SECRETKEY) {
    missing.push(
      'TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY are not set (a Tencent Cloud API key of the account)',
    );
  }
  if (!env.APP_ADMIN_OPENIDS) {
    missing.push(
      'APP_ADMIN_OPENIDS is not set (openids of the bootstrap admins; without one nobody can administer)',
    );
  }
  // Every `{{env.NAME}}` placeholder of cloudbaserc.json (e.g. the subscribe-message template ids
  // APP_TEMPLATE_*) must be set too: a function deployed with an empty one fails at run time.
  for (const name of placeholders) {
    // APP_HEALTH_TOKEN is generated by the deploy itself when not given
    if (name !== 'TCB_ENV_ID' && name !== 'APP_ADMIN_OPENIDS' && name !== 'APP_HEALTH_TOKEN' && !env[name])
      missing.push(`${name} is not set (cloudbaserc.json passes it to a function)`);
  }
  if (fns.length === 0) missing.push('dist/functions is empty: run `npm run build:functions` first');
  return missing;
}

/** The `{{env.NAME}}` placeholders of a cloudbaserc.json text, each once. */
export function envPlaceholders(rcText: string): string[] {
  return [...new Set([...rcText.matchAll(/\{\{env\.([A-Z0-9_]+)\}\}/g)].map((m) => m[1]))];
}

function run(cmd: string, args: string[], redact: string[] = []): void {
  const shown = args.map((a) => (redact.includes(a) ? '***' : a)).join(' ');
  console.log(`$ ${cmd} ${shown}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args[0]} failed with exit code ${r.status}`);
}

interface Manager {
  functions: {
    invokeFunction(name: string, params?: object): Promise<{ RetMsg?: string }>;
  };
  database: {
    createCollectionIfNotExists(name: string): Promise<unknown>;
    checkIndexExists(name: string, index: string): Promise<{ Exists: boolean }>;
    updateCollection(
      name: string,
      info: { CreateIndexes: ReturnType<typeof toCreateIndex>[] },
    ): Promise<unknown>;
  };
  commonService(
    service?: string,
    version?: string,
  ): { call(o: { Action: string; Param: object }): Promise<unknown> };
}

async function loadManager(envId: string, secretId: string, secretKey: string): Promise<Manager> {
  const modName = '@cloudbase/manager-node';
  let mod: { default?: unknown };
  try {
    mod = (await import(modName)) as { default?: unknown };
  } catch {
    throw new Error(
      `${modName} is not installed: run \`npm i --no-save ${modName}@5\` (needed only to deploy)`,
    );
  }
  const CloudBase = (mod.default ?? mod) as new (o: object) => Manager;
  return new CloudBase({ secretId, secretKey, envId });
}

async function applyCollections(manager: Manager, envId: string, specs: CollectionSpec[]): Promise<void> {
  for (const c of specs) {
    await manager.database.createCollectionIfNotExists(c.name);
    const create = [];
    for (const ix of c.indexes ?? []) {
      if (!(await manager.database.checkIndexExists(c.name, ix.name)).Exists) create.push(toCreateIndex(ix));
    }
    if (create.length) await manager.database.updateCollection(c.name, { CreateIndexes: create });
    if (c.permission) {
      await manager.commonService('tcb', '2018-06-08').call({
        Action: 'ModifyDatabaseACL',
        Param: { EnvId: envId, CollectionName: c.name, AclTag: c.permission },
      });
    }
    console.log(
      `  collection ${c.name}: ${create.length} index(es) created, permission ${c.permission ?? '(unchanged)'}`,
    );
  }
}

/**
 * Step 2. The bucket-wide storage rule through the CloudBase API (`ModifyStorageSafeRule`, the call
 * the console makes for 自定义安全规则). The bucket and region come from the environment's
 * description. Not yet run against a real environment from this repository (README "Release").
 */
async function applyStorageRule(manager: Manager, envId: string, rule: StorageRule): Promise<void> {
  const tcb = manager.commonService('tcb', '2018-06-08');
  const envs = (await tcb.call({ Action: 'DescribeEnvs', Param: { EnvId: envId } })) as {
    EnvList?: { Storages?: { Bucket: string; Region: string }[] }[];
  };
  const storage = envs.EnvList?.[0]?.Storages?.[0];
  if (!storage) throw new Error(`environment ${envId} has no storage bucket`);
  await tcb.call({
    Action: 'ModifyStorageSafeRule',
    Param: {
      EnvId: envId,
      Bucket: storage.Bucket,
      Region: storage.Region,
      AclTag: 'CUSTOM',
      Rule: JSON.stringify(rule),
    },
  });
  console.log(
    `  storage rule (bucket ${storage.Bucket}): read ${String(rule.read)}; write ${String(rule.write)}`,
  );
}

/** The health report of one function (core/health.ts), or why there is none. */
export function summariseHealth(fn: string, retMsg: string | undefined): { ok: boolean; lines: string[] } {
  let env: {
    ok?: boolean;
    data?: { ok: boolean; database: string; env: Record<string, boolean>; openapi: Record<string, string> };
    error?: { code: string; message: string };
  };
  try {
    env = JSON.parse(retMsg ?? '') as typeof env;
  } catch {
    return { ok: false, lines: [`${fn}: no answer (${(retMsg ?? '').slice(0, 200)})`] };
  }
  if (!env.ok || !env.data)
    return { ok: false, lines: [`${fn}: ${env.error?.code ?? 'error'} ${env.error?.message ?? ''}`] };
  const d = env.data;
  const lines = [`${fn}: ${d.ok ? 'ok' : 'FAILED'}`, `  database: ${d.database}`];
  for (const [name, set] of Object.entries(d.env))
    lines.push(`  ${name}: ${set ? 'set' : 'MISSING (check .env.local and redeploy)'}`);
  for (const [api, text] of Object.entries(d.openapi)) lines.push(`  open API ${api}: ${text}`);
  return { ok: d.ok, lines };
}

/** The smoke check's secret: from the shell, else from the .env.local the last deploy wrote. */
export function healthToken(env: Record<string, string | undefined>, envLocal: string | null): string | null {
  if (env.APP_HEALTH_TOKEN) return env.APP_HEALTH_TOKEN;
  const m = /^APP_HEALTH_TOKEN=(.+)$/m.exec(envLocal ?? '');
  return m ? m[1].trim().replace(/^"(.*)"$/, '$1') : null;
}

async function check(manager: Manager, fns: string[], token: string): Promise<boolean> {
  let allOk = true;
  for (const fn of fns) {
    let ret: { RetMsg?: string } = {};
    try {
      ret = await manager.functions.invokeFunction(fn, { action: '__health', token });
    } catch (e) {
      ret = { RetMsg: `invoke failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    const s = summariseHealth(fn, ret.RetMsg);
    allOk &&= s.ok;
    for (const line of s.lines) console.log(line);
  }
  console.log(allOk ? 'smoke check: every function ok' : 'smoke check: FAILED (see above)');
  return allOk;
}

function describeStep(step: DeployStep): string {
  switch (step.kind) {
    case 'collections':
      return `1. collections, indexes, permissions: ${step.names.join(', ')}`;
    case 'storage-rule':
      return `2. storage rule: read "${String(step.rule.read)}", write "${String(step.rule.write)}"`;
    case 'function':
      return `3. tcb fn deploy ${step.fn} --force (code + timeout + variables, no timers)`;
    case 'openapi-permissions':
      return `4. open API for ${step.fn}: ${step.apis.join(', ')} — upload dist/functions/${step.fn} once with WeChat DevTools (tcb does not apply permissions.openapi)`;
    case 'timer':
      return `5. tcb fn trigger create ${step.fn} (timer ${step.trigger}: ${step.cron})`;
  }
}

async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run');
  const checkOnly = process.argv.includes('--check');
  const fns = builtFunctions();
  const specs = loadCollections();
  const configs = Object.fromEntries(fns.map((fn) => [fn, readConfig(fn)]));
  const plan = deployPlan(fns, configs, specs, loadStorageRule());
  if (dryRun) {
    console.log(`deploy plan (dry run) to env ${process.env.TCB_ENV_ID ?? '<TCB_ENV_ID>'}:`);
    for (const step of plan) console.log(`  ${describeStep(step)}`);
    for (const c of specs) {
      const uniques = (c.indexes ?? []).filter((i) => i.unique).map((i) => i.name);
      console.log(
        `     collection ${c.name} [${c.permission}] indexes: ${(c.indexes ?? []).length} (unique: ${uniques.join(', ') || '-'})`,
      );
    }
    return;
  }
  const rcFile = path.join(root, 'cloudbaserc.json');
  const placeholders = existsSync(rcFile) ? envPlaceholders(readFileSync(rcFile, 'utf8')) : [];
  const missing = missingPrerequisites(process.env, fns, placeholders);
  if (missing.length) {
    console.error('cannot deploy:\n' + missing.map((m) => `  - ${m}`).join('\n'));
    console.error('see the header of scripts/deploy.ts (or `npm run deploy -- --dry-run` for the plan)');
    process.exit(2);
  }
  const envId = process.env.TCB_ENV_ID as string;
  const secretId = process.env.TENCENTCLOUD_SECRETID as string;
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY as string;
  const manager = await loadManager(envId, secretId, secretKey);
  const envLocalFile = path.join(root, '.env.local');
  if (checkOnly) {
    const token = healthToken(
      process.env,
      existsSync(envLocalFile) ? readFileSync(envLocalFile, 'utf8') : null,
    );
    if (!token) {
      console.error('cannot check: no APP_HEALTH_TOKEN (deploy first: it writes one to .env.local)');
      process.exit(2);
    }
    process.exit((await check(manager, fns, token)) ? 0 : 1);
  }
  // The smoke check's secret: kept from the last deploy, else a new one.
  process.env.APP_HEALTH_TOKEN ||=
    healthToken({}, existsSync(envLocalFile) ? readFileSync(envLocalFile, 'utf8') : null) ??
    randomBytes(24).toString('base64url');

  const tcb = spawnSync('tcb', ['-v'], { encoding: 'utf8' });
  if (tcb.error) {
    console.error('cannot deploy: the `tcb` command is missing — install it with `npm i -g @cloudbase/cli`');
    process.exit(2);
  }
  // The CLI reads {{env.*}} from .env / .env.local only: hand it the checked values.
  writeFileSync(envLocalFile, envLocalText(placeholders, process.env), { mode: 0o600 });
  const rc = JSON.parse(readFileSync(rcFile, 'utf8')) as { functions: { triggers?: unknown[] }[] };
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const codeRc = path.join(root, '.tmp', 'cloudbaserc.code.json');
  writeFileSync(codeRc, JSON.stringify(withoutTriggers(rc), null, 2));

  run('tcb', ['login', '--apiKeyId', secretId, '--apiKey', secretKey], [secretId, secretKey]);
  for (const step of plan) {
    console.log(describeStep(step));
    if (step.kind === 'collections') await applyCollections(manager, envId, specs);
    else if (step.kind === 'storage-rule') await applyStorageRule(manager, envId, step.rule);
    else if (step.kind === 'function')
      run('tcb', ['fn', 'deploy', step.fn, '-e', envId, '--force', '--config-file', codeRc]);
    else if (step.kind === 'timer') run('tcb', ['fn', 'trigger', 'create', step.fn, '-e', envId]);
  }
  console.log(`deployed ${fns.length} functions and ${specs.length} collections to ${envId}`);
  console.log(
    'now: upload the functions listed in step 4 with WeChat DevTools, then `npm run deploy -- --check`',
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`deploy failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

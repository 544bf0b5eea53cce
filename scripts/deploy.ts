/**
 * `npm run deploy`: builds the functions (the npm script runs build:functions first), then deploys
 * them to Tencent CloudBase and applies cloudfunctions/collections.json (collections, indexes,
 * permission modes). Needs real credentials and the CloudBase CLI:
 *
 *   npm i -g @cloudbase/cli                      # the `tcb` command
 *   npm i --no-save @cloudbase/manager-node@5    # collections/indexes API (deploy-time only)
 *   TCB_ENV_ID=<env id> TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… \
 *   APP_ADMIN_OPENIDS=<openid,…> npm run deploy
 *
 * `npm run deploy -- --dry-run` prints the plan without credentials or network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

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
    if (name !== 'TCB_ENV_ID' && name !== 'APP_ADMIN_OPENIDS' && !env[name])
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

async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run');
  const fns = builtFunctions();
  const specs = loadCollections();
  if (dryRun) {
    console.log(`deploy plan (dry run) to env ${process.env.TCB_ENV_ID ?? '<TCB_ENV_ID>'}:`);
    for (const fn of fns) console.log(`  tcb fn deploy ${fn} --force  (dist/functions/${fn})`);
    for (const c of specs) {
      const uniques = (c.indexes ?? []).filter((i) => i.unique).map((i) => i.name);
      console.log(
        `  collection ${c.name} [${c.permission}] indexes: ${(c.indexes ?? []).length} (unique: ${uniques.join(', ') || '-'})`,
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
  const tcb = spawnSync('tcb', ['-v'], { encoding: 'utf8' });
  if (tcb.error) {
    console.error('cannot deploy: the `tcb` command is missing — install it with `npm i -g @cloudbase/cli`');
    process.exit(2);
  }
  run('tcb', ['login', '--apiKeyId', secretId, '--apiKey', secretKey], [secretId, secretKey]);
  // cloudbaserc.json (written by build:functions) carries timeouts, triggers and APP_ADMIN_OPENIDS.
  for (const fn of fns) run('tcb', ['fn', 'deploy', fn, '-e', envId, '--force']);
  const manager = await loadManager(envId, secretId, secretKey);
  await applyCollections(manager, envId, specs);
  console.log(`deployed ${fns.length} functions and ${specs.length} collections to ${envId}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`deploy failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

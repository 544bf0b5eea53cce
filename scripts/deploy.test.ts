import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listFunctions, readConfig } from './build-functions';
import {
  deployPlan,
  envLocalText,
  envPlaceholders,
  healthToken,
  loadCollections,
  loadStorageRule,
  missingPrerequisites,
  summariseHealth,
  toCreateIndex,
  withoutTriggers,
} from './deploy';

const root = path.resolve(__dirname, '..');

describe('deploy', () => {
  it('names every missing prerequisite', () => {
    expect(missingPrerequisites({}, [])).toEqual([
      expect.stringContaining('TCB_ENV_ID'),
      expect.stringContaining('TENCENTCLOUD_SECRETID'),
      expect.stringContaining('APP_ADMIN_OPENIDS'),
      expect.stringContaining('build:functions'),
    ]);
    const ready = {
      TCB_ENV_ID: 'e',
      TENCENTCLOUD_SECRETID: 'i',
      TENCENTCLOUD_SECRETKEY: 'k',
      APP_ADMIN_OPENIDS: 'o',
    };
    expect(missingPrerequisites(ready, ['member'])).toEqual([]);
  });

  it('requires every {{env.NAME}} placeholder of cloudbaserc.json, e.g. the template ids', () => {
    const rc = fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8');
    const names = envPlaceholders(rc);
    expect(names).toEqual(expect.arrayContaining(['TCB_ENV_ID', 'APP_TEMPLATE_MEETING_REMINDER']));
    const ready = {
      TCB_ENV_ID: 'e',
      TENCENTCLOUD_SECRETID: 'i',
      TENCENTCLOUD_SECRETKEY: 'k',
      APP_ADMIN_OPENIDS: 'o',
    };
    expect(missingPrerequisites(ready, ['reminder'], names)).toEqual(
      expect.arrayContaining([expect.stringContaining('APP_TEMPLATE_MEETING_REMINDER')]),
    );
    const all = Object.fromEntries(names.map((n) => [n, 'x']));
    expect(missingPrerequisites({ ...ready, ...all }, ['reminder'], names)).toEqual([]);
  });

  it('translates declared indexes to CloudBase CreateIndexes entries', () => {
    expect(
      toCreateIndex({ name: 'activity_member_unique', keys: { activityId: 1, memberId: -1 }, unique: true }),
    ).toEqual({
      IndexName: 'activity_member_unique',
      MgoKeySchema: {
        MgoIsUnique: true,
        MgoIndexKeys: [
          { Name: 'activityId', Direction: '1' },
          { Name: 'memberId', Direction: '-1' },
        ],
      },
    });
  });

  it('declares the uniqueness the design relies on', () => {
    const unique = Object.fromEntries(
      loadCollections().map((c) => [
        c.name,
        (c.indexes ?? []).filter((i) => i.unique).map((i) => Object.keys(i.keys).join('+')),
      ]),
    );
    expect(unique.members).toEqual(expect.arrayContaining(['openid', 'branchId+staffNo']));
    expect(unique.checkins).toContain('activityId+memberId');
    expect(unique.reminders).toContain('activityId+memberId+kind');
    expect(unique.credits).toContain('memberId+templateKey');
    for (const c of loadCollections()) expect(c.permission).toBe('ADMINONLY');
  });

  it('fails with a clear message and exit code 2 without credentials', () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
    } as unknown as NodeJS.ProcessEnv;
    const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/deploy.ts'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot deploy');
    expect(r.stderr).toContain('TCB_ENV_ID');
  }, 30_000);
});

describe('deploy order and what reaches the platform', () => {
  const fns = listFunctions();
  const configs = Object.fromEntries(fns.map((fn) => [fn, readConfig(fn)]));
  const plan = deployPlan(fns, configs, loadCollections(), loadStorageRule());

  it('deploys collections, then the storage rule, then functions, their open-API permissions, timers last', () => {
    const order = plan.map((s) => s.kind);
    const first = (k: string) => order.indexOf(k as (typeof order)[number]);
    const last = (k: string) => order.lastIndexOf(k as (typeof order)[number]);
    expect(order[0]).toBe('collections');
    expect(first('storage-rule')).toBe(1);
    expect(last('storage-rule')).toBeLessThan(first('function'));
    expect(last('function')).toBeLessThan(first('openapi-permissions'));
    expect(last('openapi-permissions')).toBeLessThan(first('timer'));
    expect(plan.filter((s) => s.kind === 'timer')).toEqual(
      expect.arrayContaining([{ kind: 'timer', fn: 'reminder', trigger: 'dispatch', cron: '0 * * * * * *' }]),
    );
    // every function that sends or renders through the open API asks the platform for it
    expect(plan.filter((s) => s.kind === 'openapi-permissions')).toEqual(
      expect.arrayContaining([
        { kind: 'openapi-permissions', fn: 'activity', apis: ['wxacode.getUnlimited'] },
        { kind: 'openapi-permissions', fn: 'reminder', apis: ['subscribeMessage.send'] },
        { kind: 'openapi-permissions', fn: 'project', apis: ['subscribeMessage.send'] },
      ]),
    );
  });

  it('the code deploy carries no timers (they are created last)', () => {
    const rc = JSON.parse(fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8'));
    const code = withoutTriggers(rc) as { functions: { name: string; triggers: unknown[] }[] };
    expect(code.functions.every((f) => f.triggers.length === 0)).toBe(true);
    expect(rc.functions.find((f: { name: string }) => f.name === 'reminder').triggers.length).toBe(1);
  });

  it('writes the {{env.*}} values to .env.local text, the file the CLI reads (not the shell)', () => {
    expect(
      envLocalText(['TCB_ENV_ID', 'APP_ADMIN_OPENIDS', 'APP_TEMPLATE_MEETING_REMINDER'], {
        TCB_ENV_ID: 'prod-1a2b',
        APP_ADMIN_OPENIDS: 'oAbc,oDef',
        APP_TEMPLATE_MEETING_REMINDER: 'x y',
      }).split('\n'),
    ).toEqual([
      expect.stringContaining('git-ignored'),
      'TCB_ENV_ID=prod-1a2b',
      'APP_ADMIN_OPENIDS=oAbc,oDef',
      'APP_TEMPLATE_MEETING_REMINDER="x y"',
      '',
    ]);
    expect(() => envLocalText(['A'], { A: 'two\nlines' })).toThrow(/one line/);
    const ignored = fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.env.local']));
  });

  it('the storage rule lets a client read only what it uploaded (never "all users can read")', () => {
    expect(loadStorageRule()).toEqual({
      read: 'resource.openid == auth.openid',
      write: 'resource.openid == auth.openid',
    });
  });

  it('the smoke check says which function and which open API failed', () => {
    const ok = summariseHealth(
      'activity',
      JSON.stringify({
        ok: true,
        data: {
          ok: true,
          database: 'ok',
          env: { APP_ADMIN_OPENIDS: true },
          openapi: { 'wxacode.getUnlimited': 'ok (3000 bytes of image)' },
        },
      }),
    );
    expect(ok.ok).toBe(true);
    const bad = summariseHealth(
      'reminder',
      JSON.stringify({
        ok: true,
        data: {
          ok: false,
          database: 'ok',
          env: { APP_ADMIN_OPENIDS: true, APP_TEMPLATE_MEETING_REMINDER: false },
          openapi: { 'subscribeMessage.send': 'no permission (-604101): declare it …' },
        },
      }),
    );
    expect(bad.ok).toBe(false);
    expect(bad.lines.join('\n')).toMatch(/APP_TEMPLATE_MEETING_REMINDER: MISSING/);
    expect(bad.lines.join('\n')).toMatch(/subscribeMessage\.send: no permission/);
    expect(summariseHealth('member', 'not json').ok).toBe(false);
  });

  it('the smoke check reads its secret from the shell or the .env.local the deploy wrote', () => {
    expect(healthToken({ APP_HEALTH_TOKEN: 'from-shell' }, 'APP_HEALTH_TOKEN=x')).toBe('from-shell');
    expect(healthToken({}, '# c\nTCB_ENV_ID=e\nAPP_HEALTH_TOKEN=abc_DEF-123\n')).toBe('abc_DEF-123');
    expect(healthToken({}, null)).toBeNull();
    const rc = fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8');
    expect(envPlaceholders(rc)).toContain('APP_HEALTH_TOKEN');
    // generated by the deploy, so never reported missing
    const ready = {
      TCB_ENV_ID: 'e',
      TENCENTCLOUD_SECRETID: 'i',
      TENCENTCLOUD_SECRETKEY: 'k',
      APP_ADMIN_OPENIDS: 'o',
    };
    expect(missingPrerequisites(ready, ['member'], ['APP_HEALTH_TOKEN'])).toEqual([]);
  });

  it('--dry-run prints the plan in order', () => {
    const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/deploy.ts', '--dry-run'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const steps = r.stdout
      .split('\n')
      .filter((l) => /^ {2}\d\./.test(l))
      .map((l) => l.trim()[0]);
    expect(steps).toEqual([...steps].sort());
    expect(r.stdout).toContain('WeChat DevTools');
  }, 30_000);
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { envPlaceholders, loadCollections, missingPrerequisites, toCreateIndex } from './deploy';

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

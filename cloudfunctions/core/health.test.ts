import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { useLocalCloud } from '../../testing/cloud';
import type { FunctionDefinition } from './router';
import type { HealthReport } from './health';

/**
 * The deploy smoke check's health action (core/health.ts): each function reports its database, its
 * APP_* variables (names only) and a probe of every open API it declares — answered to the
 * platform's management API (no caller), refused to any user. And the open APIs a function's code
 * declares (`openapi` in its spec) are exactly those its config.json asks the platform for.
 */
const fnRoot = path.resolve(__dirname, '..');
const fns = readdirSync(fnRoot).filter(
  (d) =>
    d !== 'core' &&
    statSync(path.join(fnRoot, d)).isDirectory() &&
    existsSync(path.join(fnRoot, d, 'index.ts')),
);

describe('open-API declarations', () => {
  for (const fn of fns) {
    it(`${fn}: spec.openapi = config.json permissions.openapi`, () => {
      const def = (require(path.join(fnRoot, fn, 'index.ts')) as { definition: FunctionDefinition })
        .definition;
      const cfg = JSON.parse(readFileSync(path.join(fnRoot, fn, 'config.json'), 'utf8')) as {
        permissions?: { openapi?: string[] };
      };
      expect([...def.openapi].sort()).toEqual([...(cfg.permissions?.openapi ?? [])].sort());
    });
  }
});

const TOKEN = 'health-token-0123456789abcdef';

describe('the __health action', () => {
  const cloud = useLocalCloud({
    env: {
      APP_ADMIN_OPENIDS: 'o_admin',
      APP_HEALTH_TOKEN: TOKEN,
      APP_TEMPLATE_MEETING_REMINDER: 'tpl-r',
      APP_TEMPLATE_MEETING_CANCELLED: 'tpl-c',
      APP_TEMPLATE_TASK_REMINDER: 'tpl-t',
      APP_TEMPLATE_BINDING_DECIDED: 'tpl-b',
    },
  });

  it('answers the management API (no caller) with database, variables and open-API probes', async () => {
    const reports: HealthReport[] = [];
    for (const fn of ['activity', 'reminder', 'member']) {
      const r = await cloud.app().callFunction({ name: fn, data: { action: '__health', token: TOKEN } });
      reports.push((r.result as { ok: boolean; data: HealthReport }).data);
    }
    expect(reports).toEqual([
      {
        fn: 'activity',
        ok: true,
        database: 'ok',
        env: { APP_ADMIN_OPENIDS: true, APP_HEALTH_TOKEN: true },
        openapi: { 'wxacode.getUnlimited': expect.stringMatching(/^ok \(\d+ bytes of image\)$/) },
      },
      {
        fn: 'reminder',
        ok: true,
        database: 'ok',
        env: {
          APP_ADMIN_OPENIDS: true,
          APP_HEALTH_TOKEN: true,
          APP_TEMPLATE_MEETING_REMINDER: true,
          APP_TEMPLATE_MEETING_CANCELLED: true,
          APP_TEMPLATE_TASK_REMINDER: true,
          APP_TEMPLATE_BINDING_DECIDED: true,
        },
        openapi: { 'subscribeMessage.send': expect.stringMatching(/^ok/) },
      },
      {
        fn: 'member',
        ok: true,
        database: 'ok',
        env: { APP_ADMIN_OPENIDS: true, APP_HEALTH_TOKEN: true, APP_TEMPLATE_BINDING_DECIDED: true },
        openapi: { 'subscribeMessage.send': expect.stringMatching(/^ok/) },
      },
    ]);
  }, 120_000);

  it('is refused to a user of the mini-program, even with the token, and to any call without it', async () => {
    for (const [event, openid] of [
      [{ action: '__health', token: TOKEN }, 'o_admin'],
      [{ action: '__health' }, undefined],
      [{ action: '__health', token: 'health-token-0123456789abcdeX' }, undefined],
    ] as const) {
      expect(await cloud.call('activity', event, openid)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    const noToken = await cloud.app().callFunction({ name: 'member', data: { action: '__health' } });
    expect(noToken.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await cloud.outbox()).filter((m) => m.apiName === 'wxacode.getUnlimited').length).toBe(1); // only the authorised probe
  });
});

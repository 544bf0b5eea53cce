/** The harness itself, against the real bundles in dist/functions (built by the jest globalSetup). */
import { useLocalCloud } from './cloud';

const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_harness_admin' } });

test('call() reaches a real function and answers its envelope', async () => {
  const r = await cloud.call<{ openid: string; member: unknown }>('member', { action: 'me' }, 'o_nobody');
  expect(r).toMatchObject({ ok: true, data: { openid: 'o_nobody', member: null } });
  const admin = await cloud.call<{ openid: string; roles?: string[] }>(
    'member',
    { action: 'me' },
    'o_harness_admin',
  );
  // APP_ADMIN_OPENIDS reached the function
  expect(admin).toMatchObject({ ok: true, data: { openid: 'o_harness_admin', roles: ['admin'] } });
});

test('app() is the real node-sdk pointed at the private emulator; db() is its database', async () => {
  const branches = await cloud.db().collection('branches').limit(10).get();
  expect(branches.data).toEqual([]);
  const fromFn = await cloud.app().callFunction({ name: 'member', data: { action: 'me' } });
  // server keys carry no caller: the function answers its own error envelope
  expect(fromFn.result).toMatchObject({ ok: false });
});

test('the data folder is private to this test file', () => {
  expect(cloud.dataDir).toContain('localcloud-test-');
  expect(cloud.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

import { useLocalCloud } from '../testing/cloud';
import { addBranch, addMember, codeOf, createActivity, DAY, helpers, MIN } from './fixtures';

/**
 * Regression (security/REVIEW.md S-10): `requestLeave`/`requestMakeup` let admins through the policy
 * (as for read actions); a bootstrap admin without a roster row then crashed on `caller.member!`
 * → INTERNAL. It answers NOT_BOUND, and nothing is written.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const { call } = helpers(cloud);
const count = async (c: string) => (await cloud.db().collection(c).count()).total;

let later = '';
let past = '';

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  await addMember(cloud, t0, 'secA', { name: '李书记', roles: ['member', 'secretary'] });
  later = await createActivity(cloud, 'secA', t0 + 2 * DAY, 60);
  // ended 2 hours ago: inside the default 3-day make-up window
  past = await createActivity(cloud, 'secA', t0 - 3 * 60 * MIN, 60);
}, 60_000);

it('a bootstrap admin without a roster row asking for leave or a make-up → NOT_BOUND, nothing written', async () => {
  const before = { requests: await count('requests'), audit: await count('audit') };
  const leave = await call('attendance', 'requestLeave', { activityId: later, reason: '出差' }, 'boot');
  const makeup = await call('attendance', 'requestMakeup', { activityId: past, reason: '忘了扫码' }, 'boot');
  expect([codeOf(leave), codeOf(makeup)]).toEqual(['NOT_BOUND', 'NOT_BOUND']);
  expect({ requests: await count('requests'), audit: await count('audit') }).toEqual(before);
  // the same admin still reads what the policy lets them read
  expect(codeOf(await call('attendance', 'roster', { activityId: past }, 'boot'))).toBe('ok');
});

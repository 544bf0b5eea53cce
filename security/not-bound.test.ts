import { useLocalCloud } from '../testing/cloud';
import type { Envelope } from '../types/envelope';

/**
 * Regression (security/REVIEW.md S-10): `requestLeave`/`requestMakeup` let admins through the policy
 * (as for read actions); a bootstrap admin without a roster row then crashed on `caller.member!`
 * → INTERNAL. It answers NOT_BOUND, and nothing is written.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const call = <T>(fn: string, action: string, payload: unknown, who: string): Promise<Envelope<T>> =>
  cloud.call<T>(fn, { action, payload }, `o_${who}`);
const codeOf = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code);
const count = async (c: string) => (await cloud.db().collection(c).count()).total;

let later = '';
let past = '';

beforeAll(async () => {
  const db = cloud.db();
  await db
    .collection('branches')
    .add({ _id: 'bA', name: '内科', college: 'x', createdAt: t0, updatedAt: t0 });
  await db.collection('members').add({
    _id: 'secA',
    branchId: 'bA',
    name: '李书记',
    staffNo: 'SECA',
    phone: null,
    openid: 'o_secA',
    status: 'active',
    roles: ['member', 'secretary'],
    boundAt: t0 - DAY,
    createdAt: t0,
    updatedAt: t0,
  });
  const create = async (startAt: number) => {
    const r = await call<{ id: string }>(
      'activity',
      'create',
      {
        branchId: 'bA',
        type: 'theme_day',
        title: '主题党日',
        startAt,
        endAt: startAt + 60 * MIN,
        checkin: { proof: 'rotating', approval: 'manual' },
      },
      'secA',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data.id;
  };
  later = await create(t0 + 2 * DAY);
  // ended 2 hours ago: inside the default 3-day make-up window
  past = await create(t0 - 3 * 60 * MIN);
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

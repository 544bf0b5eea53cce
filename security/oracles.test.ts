import { useLocalCloud } from '../testing/cloud';
import { FOREIGN_STAFF_NO_BUDGET } from '../cloudfunctions/core/domain/member/throttle';
import { addBranch, addMember, codeOf, fingerprint, helpers } from './fixtures';

/**
 * Regressions (security/REVIEW.md S-25): existence oracles.
 *  - `bind` answered ROSTER_ROW_TAKEN for the right name + staff number of a bound row and
 *    ROSTER_NO_MATCH for a wrong name, which told anyone who holds a number whether that person has
 *    bound the app. A row that is not free now answers exactly like no row (and counts towards the
 *    caller's failure throttle).
 *  - `importRoster` answered STAFF_NO_IN_OTHER_BRANCH row by row, so a secretary could test 5,000
 *    staff numbers per call for membership of other branches. Numbers held by another branch are a
 *    budget per branch (FOREIGN_STAFF_NO_BUDGET a day): an import that would exceed it is refused
 *    whole (RATE_LIMITED, nothing written, the budget spent), and so is every import until the
 *    window passes. Admins, who see every branch, are not limited.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const { call, ok } = helpers(cloud);
const ROWS_B = FOREIGN_STAFF_NO_BUDGET.limit + 5;

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  await addBranch(cloud, t0, 'bB', '外科');
  await addBranch(cloud, t0, 'bC', '儿科');
  await addMember(cloud, t0, 'secA', { roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'secC', { branchId: 'bC', roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'held', { name: '张三', staffNo: 'H0001' });
  for (let i = 0; i < ROWS_B; i++) {
    await addMember(cloud, t0, `b${i}`, {
      branchId: 'bB',
      name: `乙${i}`,
      staffNo: `B${String(i).padStart(4, '0')}`,
    });
  }
}, 120_000);

describe('bind', () => {
  it('answers a bound row’s right name + number exactly like a wrong name', async () => {
    const right = await call('member', 'bind', { name: '张三', staffNo: 'H0001' }, 'probe1');
    const wrong = await call('member', 'bind', { name: '李四', staffNo: 'H0001' }, 'probe2');
    const none = await call('member', 'bind', { name: '张三', staffNo: 'NOPE01' }, 'probe3');
    const strip = (r: typeof right) =>
      r.ok ? r : { ok: false, error: { code: r.error.code, message: r.error.message } };
    expect(strip(right)).toEqual(strip(wrong));
    expect(strip(right)).toEqual(strip(none));
    expect(codeOf(right)).toBe('ROSTER_NO_MATCH');
  });
});

describe('importRoster', () => {
  const COLLECTIONS = ['members', 'audit'];
  const foreign = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({
      name: `乙${from + i}`,
      staffNo: `B${String(from + i).padStart(4, '0')}`,
    }));

  it('a few numbers of other branches are answered per row, within the branch’s budget', async () => {
    const r = await ok<{ created: number; errors: { row: number; code: string }[] }>(
      'member',
      'importRoster',
      { branchId: 'bC', rows: [...foreign(3), { name: '新人', staffNo: 'C0001' }] },
      'secC',
    );
    expect(r.created).toBe(1);
    expect(r.errors.map((e) => e.code)).toEqual(Array(3).fill('STAFF_NO_IN_OTHER_BRANCH'));
  });

  it('testing more numbers than the budget is refused whole, nothing written; later imports too', async () => {
    const before = await fingerprint(cloud, COLLECTIONS);
    const probe = await call('member', 'importRoster', { branchId: 'bA', rows: foreign(ROWS_B) }, 'secA');
    expect(codeOf(probe)).toBe('RATE_LIMITED');
    // the refusal does not say which rows, nor how many
    expect(JSON.stringify(probe)).not.toMatch(/B00\d\d|"row"/);
    expect(await fingerprint(cloud, COLLECTIONS)).toBe(before);
    // the budget is spent: even a single foreign number in a small import is not answered now
    const next = await call(
      'member',
      'importRoster',
      { branchId: 'bA', rows: [...foreign(1), { name: '新人甲', staffNo: 'A0009' }] },
      'secA',
    );
    expect(codeOf(next)).toBe('RATE_LIMITED');
    expect(await fingerprint(cloud, COLLECTIONS)).toBe(before);
  });

  it('admins are not limited (they see every branch anyway)', async () => {
    const r = await ok<{ errors: { code: string }[] }>(
      'member',
      'importRoster',
      { branchId: 'bA', rows: foreign(ROWS_B) },
      'boot',
    );
    expect(r.errors).toHaveLength(ROWS_B);
  });
});

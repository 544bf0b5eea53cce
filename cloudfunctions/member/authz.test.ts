import { useLocalCloud } from '../../testing/cloud';
import { addRow, CALLERS, seedBase, snapshot, uniq } from './testkit/fixtures';

/**
 * The authorisation matrix: every member action × every kind of caller, against the local cloud.
 * A cell is either 'ok' (the action runs) or the refusal code; every refusal must leave the
 * member-related collections exactly as they were.
 */
const cloud = useLocalCloud();

beforeAll(async () => {
  await seedBase(cloud);
});

const COLUMNS = [
  'anonymous',
  'unbound',
  'pending',
  'memberThis',
  'memberOther',
  'secretaryThis',
  'secretaryOther',
  'admin',
] as const;
type Column = (typeof COLUMNS)[number];
type Cell = 'ok' | 'UNAUTHENTICATED' | 'NOT_BOUND' | 'FORBIDDEN' | 'ALREADY_BOUND';

const U = 'UNAUTHENTICATED';
const NB = 'NOT_BOUND';
const F = 'FORBIDDEN';
const everyone: Cell[] = [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
const adminOnly: Cell[] = [U, NB, NB, F, F, F, F, 'ok'];
const branchStaff: Cell[] = [U, NB, NB, F, F, 'ok', F, 'ok'];

/** action → [expected per column, payload maker (may create a fresh target for the cell)] */
const MATRIX: Record<string, [Cell[], () => Promise<Record<string, unknown> | undefined>]> = {
  me: [everyone, async () => undefined],
  listBranches: [everyone, async () => undefined],
  createBranch: [adminOnly, async () => ({ name: uniq('新建支部'), college: '护理学院', kind: 'student' })],
  updateBranch: [adminOnly, async () => ({ branchId: 'bA', linkedUnit: uniq('内科学教研室') })],
  importRoster: [
    branchStaff,
    async () => ({
      branchId: 'bA',
      rows: [{ name: '新成员', staffNo: uniq('N').toUpperCase(), phone: '13900001111' }],
    }),
  ],
  bind: [
    [
      U,
      'ok',
      'ALREADY_BOUND',
      'ALREADY_BOUND',
      'ALREADY_BOUND',
      'ALREADY_BOUND',
      'ALREADY_BOUND',
      'ALREADY_BOUND',
    ],
    async () => {
      const staffNo = uniq('B').toUpperCase();
      await addRow(cloud, { branchId: 'bA', name: '待绑定', staffNo });
      return { name: '待绑定', staffNo };
    },
  ],
  reviewBinding: [
    branchStaff,
    async () => ({
      memberId: await addRow(cloud, { branchId: 'bA', status: 'pending', openid: uniq('o_p') }),
      decision: 'approve',
    }),
  ],
  bindingRequests: [branchStaff, async () => ({ branchId: 'bA' })],
  listMembers: [[U, NB, NB, 'ok', F, 'ok', F, 'ok'], async () => ({ branchId: 'bA' })],
  setRoles: [
    adminOnly,
    async () => ({
      memberId: await addRow(cloud, { branchId: 'bA', status: 'active', openid: uniq('o_a') }),
      roles: ['member', 'secretary'],
    }),
  ],
  myData: [everyone, async () => undefined],
  unbind: [
    adminOnly,
    async () => ({
      memberId: await addRow(cloud, { branchId: 'bA', status: 'active', openid: uniq('o_a') }),
      reason: '更换手机',
    }),
  ],
  requestDeletion: [[U, NB, NB, 'ok', 'ok', 'ok', 'ok', 'ok'], async () => ({ reason: '已调离学校' })],
  completeDeletion: [
    adminOnly,
    async () => ({
      memberId: await addRow(cloud, {
        branchId: 'bA',
        status: 'active',
        openid: uniq('o_a'),
        quitRequestedAt: 1,
      }),
    }),
  ],
};

function callerOf(col: Column): string | undefined {
  if (col === 'anonymous') return undefined;
  if (col === 'unbound') return uniq('o_new');
  return CALLERS[col];
}

const cells = Object.entries(MATRIX).flatMap(([action, [expected, payload]]) =>
  COLUMNS.map((col, i) => ({ action, col, expected: expected[i], payload })),
);

describe('member authorisation matrix', () => {
  it('covers every registered member action', () => {
    const { definition } = require('./index') as typeof import('./index');
    expect(Object.keys(MATRIX).sort()).toEqual(definition.actions.map((a) => a.name).sort());
    expect(cells).toHaveLength(Object.keys(MATRIX).length * COLUMNS.length);
  });

  it.each(cells)('$action × $col → $expected', async ({ action, col, expected, payload }) => {
    const p = await payload();
    const before = expected === 'ok' ? null : await snapshot(cloud);
    const r = await cloud.call(
      'member',
      p === undefined ? { action } : { action, payload: p },
      callerOf(col),
    );
    if (expected === 'ok') {
      expect(r).toMatchObject({ ok: true });
    } else {
      expect(r).toMatchObject({ ok: false, error: { code: expected } });
      expect(await snapshot(cloud)).toEqual(before);
    }
  });
});

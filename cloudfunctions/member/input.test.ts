import { useLocalCloud } from '../../testing/cloud';
import { CALLERS, seedBase, snapshot } from './testkit/fixtures';

/**
 * Bad input to every member action: INVALID_ARGUMENT naming each bad field, checked before
 * authorisation and before any read or write — so nothing is written, whoever calls.
 */
const cloud = useLocalCloud();

beforeAll(async () => {
  await seedBase(cloud);
});

const CASES: [action: string, payload: unknown, fields: string[]][] = [
  ['me', { x: 1 }, ['payload.x']],
  ['listBranches', { branchId: 3 }, ['payload.branchId']],
  ['createBranch', {}, ['payload.name']],
  ['createBranch', { name: '  ', kind: 'club' }, ['payload.name', 'payload.kind']],
  ['createBranch', { name: 'x'.repeat(61) }, ['payload.name']],
  ['updateBranch', { name: '新名' }, ['payload.branchId']],
  ['updateBranch', { branchId: 'bA', kind: 'teachers' }, ['payload.kind']],
  ['importRoster', { branchId: 'bA' }, ['payload.rows']],
  ['importRoster', { branchId: 'bA', rows: [], csv: 'a' }, ['payload.rows', 'payload.rows']],
  ['importRoster', { branchId: 'bA', rows: [{ name: 'x', staffNo: 5 }] }, ['payload.rows.0.staffNo']],
  [
    'importRoster',
    { rows: [{ name: 'x', staffNo: 'S1', extra: 1 }] },
    ['payload.branchId', 'payload.rows.0.extra'],
  ],
  ['bind', { name: '张三' }, ['payload.staffNo']],
  ['bind', { name: '', staffNo: 'x'.repeat(33) }, ['payload.name', 'payload.staffNo']],
  ['bind', { name: '张三', staffNo: 'S1', openid: 'o_admin' }, ['payload.openid']],
  ['reviewBinding', { memberId: 'm_pendA', decision: 'maybe' }, ['payload.decision']],
  ['reviewBinding', { decision: 'approve' }, ['payload.memberId']],
  ['bindingRequests', {}, ['payload.branchId']],
  ['listMembers', {}, ['payload.branchId']],
  ['listMembers', { branchId: 'bA', status: 'gone' }, ['payload.status']],
  ['setRoles', { memberId: 'm_memA', roles: ['member', 'owner'] }, ['payload.roles.1']],
  ['setRoles', { memberId: 'm_memA' }, ['payload.roles']],
  ['myData', { all: true }, ['payload.all']],
  ['unbind', { memberId: 'm_memA' }, ['payload.reason']],
  ['unbind', { memberId: '', reason: 'x' }, ['payload.memberId']],
  ['requestDeletion', { reason: '' }, ['payload.reason']],
  ['completeDeletion', {}, ['payload.memberId']],
];

describe('member: bad input → INVALID_ARGUMENT naming the field, nothing written', () => {
  it('covers every registered member action', () => {
    const { definition } = require('./index') as typeof import('./index');
    const covered = new Set(CASES.map((c) => c[0]));
    expect(definition.actions.map((a) => a.name).filter((a) => !covered.has(a))).toEqual([]);
  });

  it.each(CASES)('%s %j → %j', async (action, payload, fields) => {
    const before = await snapshot(cloud);
    // as an admin: the refusal must come from validation, not from authorisation
    const r = await cloud.call('member', { action, payload }, CALLERS.admin);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    if (r.ok) return;
    const paths = (r.error.details?.fields ?? []).map((f) => f.path);
    expect([...new Set(paths)].sort()).toEqual([...new Set(fields)].sort());
    expect(await snapshot(cloud)).toEqual(before);
  });

  it('the same bad payload from an unbound caller is INVALID_ARGUMENT too (validation first)', async () => {
    const r = await cloud.call(
      'member',
      { action: 'setRoles', payload: { memberId: 'm_memA', roles: ['x'] } },
      'o_x',
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

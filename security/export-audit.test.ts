import { useLocalCloud } from '../testing/cloud';
import type { TAuditOutput, TExportOutput } from '../types/attendance';
import type { Envelope } from '../types/envelope';

/**
 * Regression (security/REVIEW.md S-14): `attendance.export` (a bulk disclosure of names and
 * attendance) left no audit entry, and `stats`/`export` accepted any range (an admin's 100-year,
 * all-branch `stats` read every activity and roster in one invocation). Now every export appends
 * an `attendance.export` audit entry (who, which branch, which range) with its `exports` record,
 * and a range longer than 366 days → INVALID_ARGUMENT naming `payload.to`, nothing written.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const DAY = 24 * 3600_000;

const call = <T>(fn: string, action: string, payload: unknown, who: string): Promise<Envelope<T>> =>
  cloud.call<T>(fn, { action, payload }, `o_${who}`);
async function ok<T>(fn: string, action: string, payload: unknown, who: string): Promise<T> {
  const r = await call<T>(fn, action, payload, who);
  if (!r.ok) throw new Error(`${fn}.${action} as ${who}: ${JSON.stringify(r.error)}`);
  return r.data;
}
async function dump(coll: string): Promise<Record<string, unknown>[]> {
  return (await cloud.db().collection(coll).limit(1000).get()).data as Record<string, unknown>[];
}

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
    boundAt: t0 - 400 * DAY,
    createdAt: t0,
    updatedAt: t0,
  });
}, 60_000);

it('every export is audited with who, the branch and the range, together with its record', async () => {
  const from = t0 - 30 * DAY;
  await ok<TExportOutput>('attendance', 'export', { branchId: 'bA', from, to: t0 }, 'secA');
  await ok<TExportOutput>('attendance', 'export', { branchId: 'bA', from: t0 - 366 * DAY, to: t0 }, 'boot');
  const exports = await dump('exports');
  const audit = (await dump('audit')).filter((a) => a.action === 'attendance.export');
  expect(audit).toHaveLength(2);
  expect(audit.map((a) => [a.actor, a.branchId, (a.after as { from: number }).from]).sort()).toEqual(
    [
      ['openid:o_boot', 'bA', t0 - 366 * DAY],
      ['secA', 'bA', from],
    ].sort(),
  );
  for (const a of audit) {
    expect(a).toMatchObject({ targetType: 'export', after: { to: t0 } });
    expect(exports.map((e) => e._id)).toContain(a.targetId);
  }
  // the branch's audit view lists them, naming the secretary
  const view = await ok<TAuditOutput>('attendance', 'audit', { branchId: 'bA' }, 'secA');
  expect(view.filter((e) => e.action === 'attendance.export').map((e) => e.actorName ?? e.actor)).toEqual(
    expect.arrayContaining(['李书记', 'openid:o_boot']),
  );
});

it('a range longer than 366 days → INVALID_ARGUMENT naming payload.to, nothing written', async () => {
  const before = JSON.stringify([await dump('exports'), await dump('audit')]);
  const tooLong = { from: t0 - 367 * DAY, to: t0 };
  for (const [action, payload, who] of [
    ['stats', tooLong, 'boot'],
    ['stats', { ...tooLong, branchId: 'bA' }, 'secA'],
    ['export', { ...tooLong, branchId: 'bA' }, 'secA'],
    ['stats', { from: 0, to: t0 }, 'boot'],
  ] as const) {
    const r = await call('attendance', action, payload, who);
    expect([action, r.ok ? null : r.error]).toEqual([
      action,
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        details: { fields: [expect.objectContaining({ path: 'payload.to' })] },
      }),
    ]);
  }
  expect(JSON.stringify([await dump('exports'), await dump('audit')])).toBe(before);
});

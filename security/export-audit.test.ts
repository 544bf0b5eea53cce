import { useLocalCloud } from '../testing/cloud';
import type { TAuditOutput, TExportOutput } from '../types/attendance';
import { addBranch, addMember, DAY, helpers } from './fixtures';

/**
 * Regression (security/REVIEW.md S-14): `attendance.export` (a bulk disclosure of names and
 * attendance) left no audit entry, and `stats`/`export` accepted any range (an admin's 100-year,
 * all-branch `stats` read every activity and roster in one invocation). Now every export appends
 * an `attendance.export` audit entry (who, which branch, which range) with its `exports` record,
 * and a range longer than 366 days → INVALID_ARGUMENT naming `payload.to`, nothing written.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();

const { call, ok, dump } = helpers(cloud);

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  await addMember(cloud, t0, 'secA', {
    name: '李书记',
    roles: ['member', 'secretary'],
    boundAt: t0 - 400 * DAY,
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
    ['stats', { from: Date.UTC(2000, 0, 1), to: t0 }, 'boot'],
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

import { useLocalCloud } from '../../testing/cloud';
import { settledCode } from '../../testing/codes';
import type { TDisplayCodeOutput, TListBranchOutput, TListMineOutput, TSite } from '../../types/activity';
import type { TCheckInOutput } from '../../types/checkin';
import { DEMO_SITE_CODE, HISTORY_BRANCHES, SILENT_BRANCHES } from './activities';
import { buildRoster } from './members';

/** `--seed`, issue 5 part: sites, an activity running now in every branch, upcoming and past ones. */
const cloud = useLocalCloud({ seed: true });
const roster = buildRoster();

function member(branchId: string, nth = 0) {
  return roster.members.filter(
    (m) => m.branchId === branchId && m.status === 'active' && m.openid?.startsWith('demo-m-'),
  )[nth];
}

describe('seedActivities', () => {
  it('gives every branch but the silent ones a running activity whose check-in window is open now, plus upcoming and a cancelled one', async () => {
    for (const b of roster.branches) {
      const m = member(b.id);
      const r = await cloud.call<TListMineOutput>('activity', { action: 'listMine' }, m.openid!);
      if (!r.ok) throw new Error(JSON.stringify(r));
      const open = r.data.filter((a) => a.myStatus === 'open');
      if (SILENT_BRANCHES.includes(b.id)) {
        expect(open).toEqual([]);
        continue;
      }
      expect(open.length).toBeGreaterThanOrEqual(1);
      expect(open[0].checkin.opensAt).toBeLessThanOrEqual(Date.now());
      expect(open[0].checkin.closesAt).toBeGreaterThan(Date.now() + 60 * 60_000);
      expect(r.data.filter((a) => a.myStatus === 'upcoming').length).toBeGreaterThanOrEqual(3);
      expect(r.data.find((a) => a.status === 'cancelled')?.cancelReason).toMatch(/改期/);
    }
  });

  it('the running activity takes a real check-in from the display code, and from the site code on site', async () => {
    const sec = roster.secretaries.find((s) => s.branchId === 'br-bingli')!;
    const d = await cloud.call<TDisplayCodeOutput>(
      'activity',
      { action: 'displayCode', payload: { activityId: 'act-bingli-now' } },
      sec.openid,
    );
    if (!d.ok) throw new Error(JSON.stringify(d));
    expect(d.data.checkedIn).toBe(3);
    await settledCode(d.data);
    const m = member('br-bingli', 0);
    const r = await cloud.call<TCheckInOutput>(
      'checkin',
      { action: 'checkIn', payload: { code: d.data.code, nonce: 'seed-test-nonce-1' } },
      m.openid!,
    );
    expect(r).toMatchObject({
      ok: true,
      data: { activityId: 'act-bingli-now', status: 'approved', duplicate: false },
    });

    const sites = await cloud.call<TSite[]>(
      'activity',
      { action: 'listSites', payload: { branchId: 'br-bingli' } },
      sec.openid,
    );
    if (!sites.ok) throw new Error(JSON.stringify(sites));
    const lab = sites.data.find((s) => s.id === 'site-bingli-1')!;
    expect(lab.code).toBe(DEMO_SITE_CODE('site-bingli-1'));
    const m2 = member('br-bingli', 1);
    const viaSite = await cloud.call<TCheckInOutput>(
      'checkin',
      {
        action: 'checkIn',
        payload: {
          code: `s.${lab.code}`,
          nonce: 'seed-test-nonce-2',
          location: { ...lab.location, accuracy: 20 },
        },
      },
      m2.openid!,
    );
    expect(viaSite).toMatchObject({
      ok: true,
      data: { activityId: 'act-bingli-now', status: 'approved', flags: [] },
    });
  });

  it('history branches have past meetings with counts; sites sit around the campus', async () => {
    for (const branchId of HISTORY_BRANCHES) {
      const sec = roster.secretaries.find((s) => s.branchId === branchId)!;
      const r = await cloud.call<TListBranchOutput>(
        'activity',
        { action: 'listBranch', payload: { branchId } },
        sec.openid,
      );
      if (!r.ok) throw new Error(JSON.stringify(r));
      const past = r.data.filter((a) => a.endAt < Date.now() && a.status !== 'cancelled');
      expect(past.length).toBeGreaterThanOrEqual(4);
      for (const a of past) {
        expect(a.counts.expected).toBe(11);
        expect(a.counts.present + a.counts.pending).toBeGreaterThanOrEqual(6);
        expect(a.counts.present + a.counts.pending).toBeLessThanOrEqual(11);
      }
      const sites = await cloud.call<TSite[]>(
        'activity',
        { action: 'listSites', payload: { branchId } },
        sec.openid,
      );
      if (!sites.ok) throw new Error(JSON.stringify(sites));
      for (const s of sites.data) {
        expect(s.location.lat).toBeGreaterThan(30.2);
        expect(s.location.lat).toBeLessThan(30.35);
        expect(s.location.lng).toBeGreaterThan(120.0);
        expect(s.location.lng).toBeLessThan(120.25);
      }
    }
  });
});

import { useLocalCloud } from '../../testing/cloud';
import type { Envelope } from '../../types/envelope';
import type {
  TIssueCertificateOutput,
  THoursQueueOutput,
  TListEventsOutput,
  TListTeamsOutput,
  TMyHoursOutput,
  TTeamMembersOutput,
} from '../../types/volunteer';
import { VOLUNTEER_TEAMS } from './volunteer';

/** `--seed`, 先锋领航: every volunteer screen has content for the demo identities (docs/volunteer.md). */
const cloud = useLocalCloud({ seed: true, env: { APP_ADMIN_OPENIDS: 'demo-admin' } });

async function ok<T>(action: string, payload: unknown, openid: string): Promise<T> {
  const r: Envelope<T> = await cloud.call<T>('volunteer', { action, payload }, openid);
  if (!r.ok) throw new Error(`${action} as ${openid}: ${JSON.stringify(r.error)}`);
  return r.data;
}

describe('seedVolunteer', () => {
  it('a team with two sub-teams and their leaders', async () => {
    const teams = (await ok<TListTeamsOutput>('listTeams', {}, 'demo-m-25')).items;
    // the leader's own list says the same
    const mine = (await ok<TListTeamsOutput>('listTeams', { scope: 'mine' }, 'demo-m-25')).items;
    expect(
      mine
        .filter((t) => t.isLeader)
        .map((t) => t.id)
        .sort(),
    ).toEqual(Object.values(VOLUNTEER_TEAMS).sort());
    const ids = teams.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(Object.values(VOLUNTEER_TEAMS)));
    // the 总队 leader leads both 分队
    expect(
      teams
        .filter((t) => t.isLeader)
        .map((t) => t.id)
        .sort(),
    ).toEqual(Object.values(VOLUNTEER_TEAMS).sort());
    const clinic = teams.find((t) => t.id === VOLUNTEER_TEAMS.clinic)!;
    expect(clinic).toMatchObject({ parentTeamId: VOLUNTEER_TEAMS.root, memberCount: 10 });
  });

  it('the clinic leader’s queue: clean stays to batch-confirm, flagged ones, a report and join requests', async () => {
    const q = await ok<THoursQueueOutput>('hoursQueue', { teamId: VOLUNTEER_TEAMS.clinic }, 'demo-m-1');
    const members = await ok<TTeamMembersOutput>(
      'teamMembers',
      { teamId: VOLUNTEER_TEAMS.clinic },
      'demo-m-1',
    );
    expect(members.filter((m) => m.status === 'pending')).toHaveLength(1);
    expect(q.filter((i) => i.clean).length).toBeGreaterThanOrEqual(4);
    const flags = q.flatMap((i) => i.flags);
    expect(flags).toEqual(
      expect.arrayContaining(['no_checkout', 'below_min_stay', 'duration_unverified', 'no_evidence']),
    );
    expect(q.find((i) => i.kind === 'reported')).toMatchObject({
      title: '市中心血站献血引导',
      proposedHours: 3,
    });
  });

  it('a member has confirmed hours in both sub-teams, upcoming events with seats, and can issue a certificate', async () => {
    const h = await ok<TMyHoursOutput>('myHours', {}, 'demo-m-2');
    expect(h.totals.verified).toBe(4); // 2.5 h (177 of 180 min, floor) + 1.5 h (118 of 120 min)
    expect(new Set(h.records.map((r) => r.teamId)).size).toBe(2);
    const events = await ok<TListEventsOutput>('listEvents', {}, 'demo-m-2');
    expect(events.some((e) => e.startAt > Date.now() && e.signedUp < e.capacity)).toBe(true);
    const cert = await ok<TIssueCertificateOutput>(
      'issueCertificate',
      { teamId: VOLUNTEER_TEAMS.root, from: Date.now() - 60 * 86_400_000, to: Date.now() },
      'demo-m-2',
    );
    expect(cert.hours.total).toBe(h.totals.total);
  });
});

import type { AlsoAllow, TeamGrant } from '../../auth/policy';
import type { Caller } from '../../auth/caller';
import { getActivityDoc } from '../activities';
import { getTeamMember } from '../team-members';
import { getHours } from '../volunteer-hours';
import { descendantsOf, teamChain, teamsLedBy, type TeamDoc } from '../teams';

/**
 * Team grants for the policy module (`teamLeader` policies and `alsoAllow` on the activity actions
 * of a team's events; core/auth/policy.ts). A leader of a team leads its sub-teams too: the grant
 * lists the leaders of the team and of its ancestors. `null`: no such team / resource.
 */
export function grantOf(chain: readonly TeamDoc[]): TeamGrant | null {
  if (chain.length === 0) return null;
  return { teamId: chain[0]._id, leaderIds: [...new Set(chain.flatMap((t) => t.leaders))] };
}

export async function teamGrant(teamId: string): Promise<TeamGrant | null> {
  return grantOf(await teamChain(teamId));
}

/** The grant of the team owning a volunteer event (`null`: no such activity, or not a team event). */
export async function eventTeamGrant(activityId: string): Promise<TeamGrant | null> {
  const a = await getActivityDoc(activityId);
  return a?.teamId ? teamGrant(a.teamId) : null;
}

/** The grant of the team an hours entry belongs to. */
export async function hoursTeamGrant(recordId: string): Promise<TeamGrant | null> {
  const h = await getHours(recordId);
  return h ? teamGrant(h.teamId) : null;
}

/** For actions over items of several teams (confirmHours): the first team the caller leads, if any. */
export async function anyLedTeam(caller: Caller): Promise<TeamGrant | null> {
  const me = caller.member?.id;
  if (!me) return null;
  const [led] = await teamsLedBy(me);
  return led ? { teamId: led._id, leaderIds: led.leaders } : null;
}

export function leads(caller: Caller, grant: TeamGrant | null): boolean {
  if (caller.isAdmin) return true;
  const me = caller.active ? caller.member?.id : undefined;
  return !!me && !!grant && grant.leaderIds.includes(me);
}

/**
 * `alsoAllow` for activity / attendance / reminder actions on a 先锋领航 event: the leaders of its
 * team may do what a branch secretary does on a branch activity (docs/volunteer.md).
 */
export const teamEventLeader: AlsoAllow<{ activityId: string }> = async ({ caller, payload }) =>
  leads(caller, await eventTeamGrant(payload.activityId));

/**
 * `alsoAllow` for member actions on a 先锋领航 event (activity.get, checkin.checkOut): its team's
 * active members and leaders, whatever their branch.
 */
export const teamEventMember: AlsoAllow<{ activityId: string }> = async ({ caller, payload }) => {
  const a = await getActivityDoc(payload.activityId);
  if (!a?.teamId || !caller.member || !caller.active) return false;
  const [grant, row] = await Promise.all([teamGrant(a.teamId), getTeamMember(a.teamId, caller.member.id)]);
  return leads(caller, grant) || row?.status === 'active';
};

/**
 * The team and every team below it (a parent team's statistics and certificates include its
 * sub-teams): its sub-teams level by level (at most MAX_TEAM_DEPTH − 1 reads).
 */
export async function teamAndDescendants(team: TeamDoc): Promise<TeamDoc[]> {
  return [team, ...(await descendantsOf([team._id]))];
}

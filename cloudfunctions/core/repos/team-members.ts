import type { TeamMemberStatus } from '../../../types/volunteer';
import { collection, readAll, readIn, type Transaction } from './db';

/**
 * Team membership (`team_members`), one document per (team, member) with the deterministic id
 * `<teamId>:<memberId>`: a repeated join is the same request, never a second one.
 */
export interface TeamMemberDoc {
  _id: string;
  teamId: string;
  memberId: string;
  memberName: string;
  branchId: string;
  status: TeamMemberStatus;
  requestedAt: number;
  decidedAt?: number;
  decidedBy?: string;
  reason?: string;
  updatedAt: number;
}

export const teamMemberId = (teamId: string, memberId: string) => `${teamId}:${memberId}`;

function one<T>(data: unknown): T | null {
  const d = Array.isArray(data) ? data[0] : data;
  return (d as T | undefined) ?? null;
}

export async function getTeamMember(
  teamId: string,
  memberId: string,
  tx?: Transaction,
): Promise<TeamMemberDoc | null> {
  const id = teamMemberId(teamId, memberId);
  const res = tx
    ? await tx.collection('team_members').doc(id).get()
    : await collection('team_members').doc(id).get();
  return one<TeamMemberDoc>(res.data);
}

export async function setTeamMember(doc: TeamMemberDoc, tx: Transaction): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('team_members').doc(_id).set(rest);
}

/** A team's rows in a status (served by `team_status_name`). */
export async function listTeamMembers(teamId: string, status: TeamMemberStatus): Promise<TeamMemberDoc[]> {
  return readAll<TeamMemberDoc>('team_members', { teamId, status }, [['memberName', 'asc']]);
}

/** A member's rows in every team (served by `member_status`). */
export async function listMemberTeams(memberId: string): Promise<TeamMemberDoc[]> {
  return readAll<TeamMemberDoc>('team_members', { memberId });
}

/** Rows of several teams in a status (served by `team_status_name`). */
export async function listTeamsMembers(
  teamIds: readonly string[],
  status: TeamMemberStatus,
): Promise<TeamMemberDoc[]> {
  return readIn<TeamMemberDoc>('team_members', 'teamId', teamIds, { status });
}

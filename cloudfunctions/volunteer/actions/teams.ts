import type { AuditAction } from '../../../types/enums';
import type {
  TAddMemberInput,
  TAddMemberOutput,
  TCreateTeamInput,
  TCreateTeamOutput,
  TJoinInput,
  TJoinOutput,
  TListTeamsInput,
  TListTeamsOutput,
  TReviewJoinInput,
  TReviewJoinOutput,
  TSetLeadersInput,
  TSetLeadersOutput,
  TTeamMembersInput,
  TTeamMembersOutput,
  TUpdateTeamRulesInput,
  TUpdateTeamRulesOutput,
} from '../../../types/volunteer';
import { TEAM_LIST_PAGE } from '../../../types/volunteer';
import { actorId } from '../../core/auth/caller';
import { maskStaffNo } from '../../core/domain/member/privacy';
import { resolveRules } from '../../core/domain/volunteer';
import { DomainError, invalid } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import { branchNamesByIds } from '../../core/repos/branches';
import { isDuplicateKeyError, newId, runTransaction } from '../../core/repos/db';
import { getMember, getMembersByIds, membersByIds } from '../../core/repos/members';
import { grantOf, leads } from '../../core/repos/read/team-grant';
import {
  getTeamMember,
  listMemberTeams,
  listTeamMembers,
  listTeamsMembers,
  setTeamMember,
  teamMemberId,
  type TeamMemberDoc,
} from '../../core/repos/team-members';
import {
  descendantsOf,
  getTeam,
  insertTeam,
  MAX_TEAM_DEPTH,
  teamChain,
  teamChains,
  teamsByIds,
  teamsLedBy,
  teamsPage,
  updateTeam,
  type TeamDoc,
} from '../../core/repos/teams';
import type { ActionContext } from '../../core/router';
import { me, requireTeam } from './common';

export async function createTeam(input: TCreateTeamInput, ctx: ActionContext): Promise<TCreateTeamOutput> {
  if (input.parentTeamId) {
    const chain = await teamChain(input.parentTeamId);
    if (chain.length === 0) throw invalid('payload.parentTeamId', 'no such team');
    if (chain.length >= MAX_TEAM_DEPTH)
      throw invalid('payload.parentTeamId', `at most ${MAX_TEAM_DEPTH} levels`);
  }
  const doc: TeamDoc = {
    _id: newId(),
    name: input.name,
    parentTeamId: input.parentTeamId ?? null,
    leaders: [],
    rules: resolveRules(input.rules),
    archived: false,
    createdBy: actorId(ctx.caller),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  if (input.description) doc.description = input.description;
  try {
    await runTransaction(async (tx) => {
      await insertTeam(doc, tx);
      await appendAudit(
        {
          actor: actorId(ctx.caller),
          action: 'volunteer.team.create',
          targetType: 'team',
          targetId: doc._id,
          after: doc,
          requestId: ctx.requestId,
        },
        ctx.now,
        tx,
      );
    });
  } catch (err) {
    if (isDuplicateKeyError(err))
      throw new DomainError('CONFLICT', 'a team with this name exists', { reason: 'name_taken' });
    throw err;
  }
  return { id: doc._id };
}

export async function updateTeamRules(
  input: TUpdateTeamRulesInput,
  ctx: ActionContext,
): Promise<TUpdateTeamRulesOutput> {
  return runTransaction(async (tx) => {
    const before = await getTeam(input.teamId, tx);
    if (!before || before.archived) throw new DomainError('NOT_FOUND', 'no such team');
    const rules = resolveRules({ ...before.rules, ...input.rules });
    await updateTeam(before._id, { rules, updatedAt: ctx.now }, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'volunteer.team.rules',
        targetType: 'team',
        targetId: before._id,
        before: before.rules,
        after: rules,
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
    return { rules };
  });
}

/** Leaders are active members of any branch; each becomes an active member of the team as well. */
export async function setLeaders(input: TSetLeadersInput, ctx: ActionContext): Promise<TSetLeadersOutput> {
  const members = await Promise.all(input.memberIds.map((id) => getMember(id)));
  const fields = members
    .map((m, i) =>
      m && m.status === 'active' ? null : { path: `payload.memberIds.${i}`, message: 'not an active member' },
    )
    .filter((f): f is { path: string; message: string } => f !== null);
  if (fields.length > 0)
    throw new DomainError('INVALID_ARGUMENT', `${fields[0].path}: ${fields[0].message}`, { fields });
  return runTransaction(async (tx) => {
    const team = await getTeam(input.teamId, tx);
    if (!team || team.archived) throw new DomainError('NOT_FOUND', 'no such team');
    await updateTeam(team._id, { leaders: input.memberIds, updatedAt: ctx.now }, tx);
    for (const m of members) {
      if (!m) continue;
      const row = await getTeamMember(team._id, m.id, tx);
      if (row?.status === 'active') continue;
      await setTeamMember(
        {
          _id: teamMemberId(team._id, m.id),
          teamId: team._id,
          memberId: m.id,
          memberName: m.name,
          branchId: m.branchId,
          status: 'active',
          requestedAt: row?.requestedAt ?? ctx.now,
          decidedAt: ctx.now,
          decidedBy: actorId(ctx.caller),
          reason: 'leader',
          updatedAt: ctx.now,
        },
        tx,
      );
    }
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'volunteer.team.leaders',
        targetType: 'team',
        targetId: team._id,
        before: { leaders: team.leaders },
        after: { leaders: input.memberIds },
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
    return { leaders: input.memberIds };
  });
}

/**
 * The team directory (`all`, by name, a page at a time) or the caller's own teams (`mine`: the ones
 * they belong to or asked to join and the teams above those, and the ones they lead with their
 * sub-teams). Either way the
 * teams are read by page, by id, by leader or by parent — never the whole collection — and each
 * row's leaders and member count come from that row's team only.
 */
const byName = (a: TeamDoc, b: TeamDoc) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export async function listTeamsFor(input: TListTeamsInput, ctx: ActionContext): Promise<TListTeamsOutput> {
  const member = ctx.caller.member;
  let teams: TeamDoc[];
  let mine: TeamMemberDoc[];
  let nextCursor: string | null = null;
  if (input.scope === 'mine') {
    const [rows, led] = await Promise.all([
      member ? listMemberTeams(member.id) : Promise.resolve([]),
      member && ctx.caller.active ? teamsLedBy(member.id) : Promise.resolve([]),
    ]);
    mine = rows;
    const asked = rows.filter((r) => r.status === 'active' || r.status === 'pending').map((r) => r.teamId);
    const [joined, below] = await Promise.all([teamsByIds(asked), descendantsOf(led.map((t) => t._id))]);
    teams = [...new Map([...joined, ...led, ...below].map((t) => [t._id, t])).values()];
  } else {
    const limit = input.limit ?? TEAM_LIST_PAGE;
    const [page, rows] = await Promise.all([
      teamsPage(input.cursor, limit + 1),
      member ? listMemberTeams(member.id) : Promise.resolve([]),
    ]);
    teams = page.slice(0, limit);
    mine = rows;
    if (page.length > limit) nextCursor = teams[teams.length - 1].name;
  }
  // the rows' chains (who leads, the parent's name); `mine` lists the teams above mine too
  const { byId, chainOf } = await teamChains(
    teams.map((t) => t._id),
    teams,
  );
  if (input.scope === 'mine') teams = [...byId.values()].sort(byName);
  const [leaderRows, active] = await Promise.all([
    membersByIds([...new Set(teams.flatMap((t) => t.leaders))]),
    listTeamsMembers(
      teams.map((t) => t._id),
      'active',
    ),
  ]);
  const names = new Map(leaderRows.map((m) => [m._id, m.name]));
  const counts = new Map<string, number>();
  for (const r of active) counts.set(r.teamId, (counts.get(r.teamId) ?? 0) + 1);
  const myStatus = new Map(mine.map((r) => [r.teamId, r.status]));
  const items = teams.map((t) => {
    const s = myStatus.get(t._id);
    const out: TListTeamsOutput['items'][number] = {
      id: t._id,
      name: t.name,
      parentTeamId: t.parentTeamId,
      parentName: t.parentTeamId ? (byId.get(t.parentTeamId)?.name ?? '') : '',
      myStatus: s === 'active' || s === 'pending' ? s : null,
      isLeader: !ctx.caller.isAdmin && leads(ctx.caller, grantOf(chainOf(t._id))),
      leaders: t.leaders.map((id) => ({ memberId: id, name: names.get(id) ?? '' })),
      memberCount: counts.get(t._id) ?? 0,
      rules: resolveRules(t.rules),
    };
    if (t.description) out.description = t.description;
    return out;
  });
  return { items, nextCursor };
}

/** Idempotent: a pending or active row answers its status; a rejected one may ask again. */
export async function join(input: TJoinInput, ctx: ActionContext): Promise<TJoinOutput> {
  const m = me(ctx.caller);
  await requireTeam(input.teamId);
  return runTransaction(async (tx) => {
    const row = await getTeamMember(input.teamId, m.id, tx);
    if (row && (row.status === 'active' || row.status === 'pending')) return { status: row.status };
    await setTeamMember(
      {
        _id: teamMemberId(input.teamId, m.id),
        teamId: input.teamId,
        memberId: m.id,
        memberName: m.name,
        branchId: m.branchId,
        status: 'pending',
        requestedAt: ctx.now,
        updatedAt: ctx.now,
      },
      tx,
    );
    return { status: 'pending' as const };
  });
}

async function decideMembership(
  teamId: string,
  memberId: string,
  status: 'active' | 'rejected',
  reason: string | undefined,
  action: AuditAction,
  ctx: ActionContext,
  requirePending: boolean,
): Promise<TeamMemberDoc> {
  const member = await getMember(memberId);
  if (!member || member.status !== 'active') {
    if (requirePending) throw new DomainError('NOT_FOUND', 'no such join request');
    throw invalid('payload.memberId', 'not an active member');
  }
  await requireTeam(teamId);
  return runTransaction(async (tx) => {
    const row = await getTeamMember(teamId, memberId, tx);
    if (requirePending && (!row || row.status !== 'pending')) {
      if (row?.status === status) return row;
      throw new DomainError(row ? 'CONFLICT' : 'NOT_FOUND', row ? 'already decided' : 'no such join request');
    }
    if (row?.status === 'active' && status === 'active') return row;
    const next: TeamMemberDoc = {
      _id: teamMemberId(teamId, memberId),
      teamId,
      memberId,
      memberName: member.name,
      branchId: member.branchId,
      status,
      requestedAt: row?.requestedAt ?? ctx.now,
      decidedAt: ctx.now,
      decidedBy: actorId(ctx.caller),
      updatedAt: ctx.now,
    };
    if (reason) next.reason = reason;
    await setTeamMember(next, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action,
        targetType: 'team_member',
        targetId: next._id,
        before: row ? { status: row.status } : undefined,
        after: { status },
        reason,
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
    return next;
  });
}

export async function addMember(input: TAddMemberInput, ctx: ActionContext): Promise<TAddMemberOutput> {
  await decideMembership(input.teamId, input.memberId, 'active', undefined, 'volunteer.team.add', ctx, false);
  return { status: 'active' };
}

export async function reviewJoin(input: TReviewJoinInput, ctx: ActionContext): Promise<TReviewJoinOutput> {
  const status = input.decision === 'approve' ? 'active' : 'rejected';
  const row = await decideMembership(
    input.teamId,
    input.memberId,
    status,
    input.reason,
    `volunteer.join.${input.decision}`,
    ctx,
    true,
  );
  return { status: row.status === 'active' ? 'active' : 'rejected' };
}

/** The team's active members and pending requests; staff numbers masked unless the caller is an admin. */
export async function teamMembers(input: TTeamMembersInput, ctx: ActionContext): Promise<TTeamMembersOutput> {
  const team = await requireTeam(input.teamId);
  const [active, pending] = await Promise.all([
    listTeamMembers(team._id, 'active'),
    listTeamMembers(team._id, 'pending'),
  ]);
  const rows = [...pending, ...active];
  // the branches of these rows only (a university has a thousand)
  const [members, branchName] = await Promise.all([
    getMembersByIds(rows.map((r) => r.memberId)),
    branchNamesByIds(rows.map((r) => r.branchId)),
  ]);
  const people = new Map(members.map((m) => [m._id, m]));
  const leaders = new Set(team.leaders);
  return rows.map((r) => {
    const staffNo = people.get(r.memberId)?.staffNo ?? '';
    return {
      memberId: r.memberId,
      name: r.memberName,
      branchName: branchName.get(r.branchId),
      staffNo: ctx.caller.isAdmin ? staffNo : maskStaffNo(staffNo),
      status: r.status,
      isLeader: leaders.has(r.memberId),
      requestedAt: r.requestedAt,
    };
  });
}

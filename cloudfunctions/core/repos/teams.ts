import type { THoursRules } from '../../../types/volunteer';
import { collection, db, firstDoc, readAll, readIn, type Transaction } from './db';

/**
 * 先锋领航 teams (`teams`). A team is not a branch: its leaders and members come from any branch.
 * `leaders` are member ids; `parentTeamId` makes a sub-team (分队). Leaders of an ancestor lead the
 * sub-team too (core/auth/policy.ts `teamLeader`).
 */
export interface TeamDoc {
  _id: string;
  name: string;
  parentTeamId: string | null;
  description?: string;
  leaders: string[];
  rules: THoursRules;
  archived: boolean;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export async function getTeam(id: string, tx?: Transaction): Promise<TeamDoc | null> {
  const res = tx ? await tx.collection('teams').doc(id).get() : await collection('teams').doc(id).get();
  return firstDoc<TeamDoc>(res.data);
}

export async function insertTeam(doc: TeamDoc, tx: Transaction): Promise<void> {
  await tx.collection('teams').add(doc);
}

export async function updateTeam(
  id: string,
  patch: Partial<Omit<TeamDoc, '_id'>>,
  tx: Transaction,
): Promise<void> {
  await tx.collection('teams').doc(id).update(patch);
}

/*
 * No reader of every team: a member's and a leader's screens read the teams they need by id
 * (teamsByIds, teamChains), by leader (teamsLedBy), by parent (descendantsOf) or a page of the
 * directory (teamsPage), so their cost does not grow with the number of teams in the university.
 */

/** Teams by id, archived ones too (primary-key reads, 100 ids a request). */
export async function getTeamsByIds(ids: readonly string[]): Promise<TeamDoc[]> {
  return readIn<TeamDoc>(
    'teams',
    '_id',
    ids.filter((id) => !!id),
  );
}

/** One page of the directory: teams not archived, by name after `afterName` (served by `archived_name`). */
export async function teamsPage(afterName: string | undefined, limit: number): Promise<TeamDoc[]> {
  const cmd = db().command;
  const res = await collection('teams')
    .where(afterName === undefined ? { archived: false } : { archived: false, name: cmd.gt(afterName) })
    .orderBy('name', 'asc')
    .limit(limit)
    .get();
  return res.data as TeamDoc[];
}

/** The teams that are not archived among these ids (primary-key reads, 100 ids a request). */
export async function teamsByIds(ids: readonly string[]): Promise<TeamDoc[]> {
  return (await getTeamsByIds(ids)).filter((t) => !t.archived);
}

/** The teams a member leads directly (served by `leaders_archived`: `leaders` is an array, multikey). */
export async function teamsLedBy(memberId: string): Promise<TeamDoc[]> {
  return readAll<TeamDoc>('teams', { leaders: memberId, archived: false }, [['name', 'asc']]);
}

/**
 * The sub-teams of these teams, every level below them (served by `parent_archived`): at most
 * MAX_TEAM_DEPTH − 1 reads, one per level, whatever the number of teams in the university.
 */
export async function descendantsOf(ids: readonly string[]): Promise<TeamDoc[]> {
  const out: TeamDoc[] = [];
  let level = [...new Set(ids)];
  for (let depth = 1; depth < MAX_TEAM_DEPTH && level.length > 0; depth++) {
    const children = await readIn<TeamDoc>('teams', 'parentTeamId', level, { archived: false });
    out.push(...children);
    level = children.map((t) => t._id);
  }
  return out;
}

/**
 * These teams and all their ancestors by id, one read per level (at most MAX_TEAM_DEPTH), with the
 * chain of each (nearest first, like teamChain). A team that does not exist or is archived has an
 * empty chain; an archived ancestor ends the chain (as the directory of live teams did).
 */
export async function teamChains(
  ids: readonly string[],
  known: readonly TeamDoc[] = [],
): Promise<{ byId: Map<string, TeamDoc>; chainOf: (id: string) => TeamDoc[] }> {
  const byId = new Map<string, TeamDoc>();
  for (const t of known) if (!t.archived) byId.set(t._id, t);
  const visited = new Set<string>();
  let want = [...new Set(ids)];
  for (let depth = 0; depth < MAX_TEAM_DEPTH && want.length > 0; depth++) {
    // the teams already in hand (`known`) are not read again; their parents are still looked for
    for (const id of want) visited.add(id);
    const have = want.map((id) => byId.get(id)).filter((t): t is TeamDoc => !!t);
    const missing = want.filter((id) => !byId.has(id));
    const found = [...have, ...(missing.length > 0 ? await teamsByIds(missing) : [])];
    for (const t of found) byId.set(t._id, t);
    want = [...new Set(found.map((t) => t.parentTeamId).filter((p): p is string => !!p && !visited.has(p)))];
  }
  const chainOf = (id: string): TeamDoc[] => {
    const out: TeamDoc[] = [];
    for (
      let c = byId.get(id);
      c && out.length < MAX_TEAM_DEPTH;
      c = c.parentTeamId ? byId.get(c.parentTeamId) : undefined
    )
      out.push(c);
    return out;
  };
  return { byId, chainOf };
}

/**
 * Team names for lists that show them by the hundreds (a member's hours records): a warm function
 * instance keeps the names it has read for `ttlMs` (30 s) and reads by id only the teams of the page
 * it does not know (a team created meanwhile, or not on an earlier page). A rename shows within ttlMs.
 */
let namesCache: { at: number; names: Map<string, string> } | null = null;
export const TEAM_NAMES_TTL_MS = 30_000;

export async function teamNames(
  ids: readonly string[],
  now: number = Date.now(),
  ttlMs: number = TEAM_NAMES_TTL_MS,
): Promise<Map<string, string>> {
  const c = namesCache;
  const fresh = c && now - c.at >= 0 && now - c.at < ttlMs;
  // a long-lived instance keeps at most a few thousand names
  const names = fresh && c.names.size < 5000 ? c.names : new Map<string, string>();
  const missing = [...new Set(ids)].filter((id) => !names.has(id));
  if (missing.length > 0) for (const t of await getTeamsByIds(missing)) names.set(t._id, t.name);
  if (names !== c?.names) namesCache = { at: now, names };
  return names;
}

/** Most levels a team tree may have (总队 → 分队 → 小队). */
export const MAX_TEAM_DEPTH = 3;

/** The team and its ancestors, nearest first (at most MAX_TEAM_DEPTH reads). */
export async function teamChain(id: string): Promise<TeamDoc[]> {
  const out: TeamDoc[] = [];
  let next: string | null = id;
  while (next && out.length < MAX_TEAM_DEPTH) {
    const t = await getTeam(next);
    if (!t) break;
    out.push(t);
    next = t.parentTeamId;
  }
  return out;
}

import type { THoursRules } from '../../../types/volunteer';
import { collection, firstDoc, readAll, readIn, type Transaction } from './db';

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

/** Every team that is not archived, by name (served by `archived_name`; a university has tens). */
export async function listTeams(): Promise<TeamDoc[]> {
  return readAll<TeamDoc>('teams', { archived: false }, [['name', 'asc']]);
}

/**
 * Team names for lists that show them by the hundreds (a member's hours records): a warm function
 * instance keeps the last `listTeams` answer for `ttlMs` (30 s) and reads again at once when asked
 * for a team it does not know (a team created meanwhile). A rename shows within ttlMs.
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
  if (fresh && ids.every((id) => c.names.has(id))) return c.names;
  const names = new Map((await listTeams()).map((t) => [t._id, t.name]));
  namesCache = { at: now, names };
  return names;
}

export async function getTeamsByIds(ids: readonly string[]): Promise<TeamDoc[]> {
  return readIn<TeamDoc>('teams', '_id', ids);
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

import type { ClaimStatus, TEvidence, THistoryEntry, TMyTask } from '../../../types/project';
import { actorId, type Caller } from '../../core/auth/caller';
import { idleSchedule } from '../../core/domain/project';
import { DomainError, invalid } from '../../core/errors';
import { branchNamesByIds } from '../../core/repos/branches';
import { membersByIds } from '../../core/repos/members';
import type { ClaimDoc } from '../../core/repos/project-claims';
import type { HistoryDoc } from '../../core/repos/project-history';
import { tempUrls } from '../../core/repos/files';
import { uploadsByFileIds } from '../../core/repos/project-uploads';
import type { ProjectDoc } from '../../core/repos/projects';
import type { TaskDoc } from '../../core/repos/project-tasks';

/**
 * A transaction that many callers may run on one document at once (the last seats of a task):
 * repos/db.ts `runContended` — retried after short random pauses until it commits or `budgetMs` is
 * spent, so a burst of claims ends in exact answers (a seat or TASK_FULL), not in conflicts.
 */
export { isConflict, runContended as contended } from '../../core/repos/db';

export const actor = (caller: Caller): string => actorId(caller);

export function requireMemberId(caller: Caller): string {
  if (!caller.active || !caller.member) throw new DomainError('NOT_BOUND', 'no active member is bound');
  return caller.member.id;
}

/** Names of members by id (`未知成员` for a row that is gone). */
export async function namesOf(ids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set([...ids].filter((id) => id && id !== 'system' && !id.startsWith('openid:')))];
  const rows = await membersByIds(list);
  const out = new Map(rows.map((r) => [r._id, r.name]));
  out.set('system', '系统');
  return out;
}

export function nameOf(names: Map<string, string>, id: string): string {
  if (id.startsWith('openid:')) return '管理员';
  return names.get(id) ?? '未知成员';
}

/** Names of the branches a page shows (by id: never the whole `branches` collection). */
export async function branchNames(ids: readonly string[]): Promise<Map<string, string>> {
  return branchNamesByIds(ids);
}

/**
 * Evidence must be the caller's own photo tickets (`photoTicket`) for this claim, uploaded: a file
 * id from anywhere else (another member's photo, a roster file) is refused with EVIDENCE_NOT_YOURS.
 */
export async function checkEvidence(
  fileIds: readonly string[],
  memberId: string,
  claimId: string,
): Promise<void> {
  if (fileIds.length === 0) return;
  const unique = [...new Set(fileIds)];
  const tickets = new Map((await uploadsByFileIds(unique)).map((u) => [u.fileId, u]));
  const bad = unique.filter((f) => {
    const t = tickets.get(f);
    return !t || t.memberId !== memberId || t.claimId !== claimId;
  });
  if (bad.length > 0)
    throw new DomainError('EVIDENCE_NOT_YOURS', 'evidence must be your own uploads for this claim', {
      fileIds: bad,
    });
  const urls = await tempUrls(unique);
  const missing = unique.filter((f) => !urls.has(f));
  if (missing.length > 0) throw invalid('payload.evidenceFileIds', 'a photo was not uploaded (or is gone)');
}

export async function evidenceOf(
  fileIds: readonly string[],
  urls?: Map<string, string>,
): Promise<TEvidence[]> {
  const u = urls ?? (await tempUrls(fileIds));
  return fileIds.map((fileId) => ({ fileId, url: u.get(fileId) ?? '' }));
}

export async function historyEntries(rows: readonly HistoryDoc[]): Promise<THistoryEntry[]> {
  const names = await namesOf(rows.map((r) => r.by));
  const urls = await tempUrls(rows.flatMap((r) => r.evidenceFileIds ?? []));
  return Promise.all(
    rows.map(async (r) => {
      const e: THistoryEntry = { at: r.at, by: r.by, byName: nameOf(names, r.by), action: r.action };
      if (r.reason) e.reason = r.reason;
      if (r.note) e.note = r.note;
      if (r.result) e.result = r.result;
      if (r.rating) e.rating = r.rating;
      if (r.evidenceFileIds?.length) e.evidence = await evidenceOf(r.evidenceFileIds, urls);
      return e;
    }),
  );
}

const WAITING: Partial<Record<ClaimStatus, TMyTask['waitingOn']>> = {
  active: 'me',
  pending: 'leader',
  in_review: 'reviewer',
};

export function toMyTask(
  c: ClaimDoc,
  t: TaskDoc | undefined,
  p: ProjectDoc | undefined,
  branchName: string,
  now: number,
): TMyTask {
  return {
    claimId: c._id,
    status: c.status,
    taskId: c.taskId,
    taskTitle: t?.title ?? '（任务已不存在）',
    duty: t?.duty ?? '',
    dueAt: t?.dueAt ?? 0,
    overdue: !!t && now > t.dueAt && c.status !== 'done',
    evidenceRequired: t?.evidenceRequired ?? false,
    projectId: c.projectId,
    projectTitle: p?.title ?? '',
    projectStatus: p?.status ?? 'closed',
    branchName,
    claimedAt: c.claimedAt,
    lastProgressAt: c.lastProgressAt,
    releaseAt: c.status === 'active' ? idleSchedule(c.idleFrom, c.idleLimitMs).releaseAt : null,
    warnedAt: c.warnedAt,
    result: c.result,
    rating: c.rating,
    returnReason: c.returnReason,
    waitingOn: p?.status === 'closed' ? null : (WAITING[c.status] ?? null),
  };
}

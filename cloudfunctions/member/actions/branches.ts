import type {
  MemberStatus,
  TBranch,
  TCreateBranchInput,
  TCreateBranchOutput,
  TListBranchesInput,
  TListBranchesOutput,
  TUpdateBranchInput,
  TUpdateBranchOutput,
} from '../../../types/member';
import { MEMBER_STATUSES } from '../../../types/member';
import { actorId, type Caller } from '../../core/auth/caller';
import { DomainError } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import {
  branchesByIds,
  countBranches,
  getBranch,
  insertBranch,
  pageBranches,
  updateBranchFields,
  type BranchDoc,
} from '../../core/repos/branches';
import { isDuplicateKeyError, newId, runTransaction, type Transaction } from '../../core/repos/db';
import { countMembersOfBranches, secretariesOf } from '../../core/repos/members';
import type { ActionContext } from '../../core/router';

/**
 * Branches a page at a time by name (the binding form's search, the admin's branch list and branch
 * pickers: names for everyone), or exactly the branches of `ids` (a member's own branch). Admins also
 * get each answered branch's secretaries and roster counts. Requests per call do not grow with the
 * university: the page (one keyset read), the total on the first page (one count), and for admins
 * the page's secretaries and counts (`branchId $in` the page: one read, one aggregation).
 */
export async function listBranches(input: TListBranchesInput, caller: Caller): Promise<TListBranchesOutput> {
  const q = input.q?.trim() || undefined;
  const first = !input.ids && input.cursor === undefined;
  const [page, total] = await Promise.all([
    input.ids
      ? branchesByIds(input.ids).then((found) => {
          const byId = new Map(found.map((b) => [b.id, b]));
          return { items: input.ids!.flatMap((id) => byId.get(id) ?? []), next: null };
        })
      : pageBranches({ q, after: input.cursor, limit: input.limit ?? DEFAULT_PAGE }),
    first ? countBranches(q) : Promise.resolve(undefined),
  ]);
  const rows: TBranch[] = page.items.map((b) => {
    const row: TBranch = { id: b.id, name: b.name, college: b.college };
    if (b.kind) row.kind = b.kind;
    if (b.linkedUnit) row.linkedUnit = b.linkedUnit;
    return row;
  });
  const out: TListBranchesOutput = { items: rows, nextCursor: page.next };
  if (total !== undefined) out.total = total;
  if (!caller.isAdmin || rows.length === 0) return out;

  // two reads for the page's branches, whatever the number of branches (not five counts per branch)
  const ids = rows.map((r) => r.id);
  const [secretaries, counted] = await Promise.all([secretariesOf(ids), countMembersOfBranches(ids)]);
  const secretariesOfBranch = new Map<string, { id: string; name: string }[]>();
  for (const s of secretaries) {
    if (s.status !== 'active') continue;
    const l = secretariesOfBranch.get(s.branchId) ?? [];
    l.push({ id: s.id, name: s.name });
    secretariesOfBranch.set(s.branchId, l);
  }
  for (const row of rows) {
    row.secretaries = (secretariesOfBranch.get(row.id) ?? []).sort((a, b) =>
      a.name.localeCompare(b.name, 'zh'),
    );
    const c = counted.get(row.id) ?? {};
    const counts: Partial<Record<MemberStatus, number>> = {};
    for (const st of MEMBER_STATUSES) counts[st] = c[st] ?? 0;
    row.counts = counts;
  }
  return out;
}

/** A page when the caller names no `limit`: what a phone screen shows before 加载更多. */
const DEFAULT_PAGE = 20;

export async function createBranch(
  input: TCreateBranchInput,
  ctx: ActionContext,
): Promise<TCreateBranchOutput> {
  const doc: BranchDoc = {
    _id: newId(),
    name: input.name,
    college: input.college ?? '',
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  if (input.kind) doc.kind = input.kind;
  if (input.linkedUnit) doc.linkedUnit = input.linkedUnit;
  await uniqueNameTx(async (tx) => {
    await insertBranch(doc, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'member.createBranch',
        targetType: 'branch',
        targetId: doc._id,
        branchId: doc._id,
        after: { name: doc.name, college: doc.college, kind: doc.kind, linkedUnit: doc.linkedUnit },
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { id: doc._id };
}

export async function updateBranch(
  input: TUpdateBranchInput,
  ctx: ActionContext,
): Promise<TUpdateBranchOutput> {
  const { branchId, ...changes } = input;
  const fields = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<
    Omit<BranchDoc, '_id' | 'createdAt'>
  >;
  await uniqueNameTx(async (tx) => {
    const before = await getBranch(branchId, tx);
    if (!before) throw new DomainError('NOT_FOUND', 'no such branch');
    const beforeFields: Record<string, unknown> = {};
    for (const k of Object.keys(fields)) beforeFields[k] = (before as unknown as Record<string, unknown>)[k];
    await updateBranchFields(branchId, { ...fields, updatedAt: ctx.now }, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'member.updateBranch',
        targetType: 'branch',
        targetId: branchId,
        branchId,
        before: beforeFields,
        after: fields,
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { id: branchId };
}

/** A branch write and its audit entry in one transaction; a second branch of the same name → CONFLICT. */
async function uniqueNameTx(write: (tx: Transaction) => Promise<void>): Promise<void> {
  try {
    await runTransaction(write);
  } catch (e) {
    if (isDuplicateKeyError(e)) throw new DomainError('CONFLICT', 'a branch with this name exists');
    throw e;
  }
}

import type {
  MemberStatus,
  TCreateBranchInput,
  TCreateBranchOutput,
  TListBranchesOutput,
  TUpdateBranchInput,
  TUpdateBranchOutput,
} from '../../../types/member';
import { MEMBER_STATUSES } from '../../../types/member';
import { actorId, type Caller } from '../../core/auth/caller';
import { DomainError } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import {
  getBranch,
  insertBranch,
  listBranches as listBranchRecords,
  updateBranchFields,
  type BranchDoc,
} from '../../core/repos/branches';
import { isDuplicateKeyError, newId, runTransaction, type Transaction } from '../../core/repos/db';
import { countMembersByBranch, listSecretaries } from '../../core/repos/members';
import type { ActionContext } from '../../core/router';

/**
 * Every branch, for the binding form's picker (names only for everyone). Admins also get each
 * branch's secretaries and roster counts for the branches page.
 */
export async function listBranches(caller: Caller): Promise<TListBranchesOutput> {
  const branches = await listBranchRecords();
  const rows: TListBranchesOutput = branches.map((b) => {
    const row: TListBranchesOutput[number] = { id: b.id, name: b.name, college: b.college };
    if (b.kind) row.kind = b.kind;
    if (b.linkedUnit) row.linkedUnit = b.linkedUnit;
    return row;
  });
  if (!caller.isAdmin) return rows;

  // two reads whatever the number of branches (not five counts per branch)
  const [secretaries, counted] = await Promise.all([listSecretaries(), countMembersByBranch()]);
  const secretariesOf = new Map<string, { id: string; name: string }[]>();
  for (const s of secretaries) {
    if (s.status !== 'active') continue;
    const l = secretariesOf.get(s.branchId) ?? [];
    l.push({ id: s.id, name: s.name });
    secretariesOf.set(s.branchId, l);
  }
  for (const row of rows) {
    row.secretaries = secretariesOf.get(row.id) ?? [];
    const c = counted.get(row.id) ?? {};
    const counts: Partial<Record<MemberStatus, number>> = {};
    for (const st of MEMBER_STATUSES) counts[st] = c[st] ?? 0;
    row.counts = counts;
  }
  return rows;
}

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

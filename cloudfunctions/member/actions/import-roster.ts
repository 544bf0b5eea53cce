import type { RosterRowError, TImportRosterInput, TImportRosterOutput } from '../../../types/member';
import { actorId } from '../../core/auth/caller';
import { checkRosterRows, type RawRosterRow } from '../../core/domain/member/roster';
import {
  FOREIGN_STAFF_NO_BUDGET,
  spendBudget,
  throttleDecision,
  type BudgetDecision,
} from '../../core/domain/member/throttle';
import { DomainError, invalid } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import { getBranch } from '../../core/repos/branches';
import { isDuplicateKeyError, newId } from '../../core/repos/db';
import { deleteUploadedFile, downloadFile } from '../../core/repos/files';
import {
  existingMemberIds,
  findMembersByStaffNos,
  insertMemberDocs,
  newMemberDoc,
  updateMemberFields,
  type MemberDoc,
} from '../../core/repos/members';
import { readThrottle, updateThrottle } from '../../core/repos/throttles';
import type { ActionContext } from '../../core/router';
import { parseCsv, parseRosterFile, parseXlsx } from './roster-file';

/** Rows per insert request: one request per batch keeps 2,000 rows to a handful of round trips. */
const INSERT_BATCH = 500;
/** Concurrent single-row updates (re-imports that change a name or phone). */
const UPDATE_CONCURRENCY = 16;

/**
 * The mini-program uploads a roster to `roster/<branchId>/…` (secretary/pages/import). Only such a
 * file may be read for that branch: storage reads run with server rights, so an unchecked fileId
 * would let a secretary import another branch's upload (names, phones) into their own branch, or
 * probe any file in the bucket.
 */
export function isRosterUploadOf(fileId: string, branchId: string): boolean {
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
  if (!m) return false;
  const parts = m[1].split('/');
  return (
    parts.length >= 3 &&
    parts[0] === 'roster' &&
    parts[1] === branchId &&
    parts.every((p) => p !== '' && p !== '.' && p !== '..')
  );
}

async function readRows(input: TImportRosterInput): Promise<RawRosterRow[]> {
  if (input.rows) return input.rows;
  if (input.csv !== undefined) return parseCsv(input.csv, 'payload.csv');
  if (input.xlsxBase64 !== undefined) {
    const bytes = Buffer.from(input.xlsxBase64, 'base64');
    if (bytes.length === 0) throw invalid('payload.xlsxBase64', 'not base64');
    return parseXlsx(bytes, 'payload.xlsxBase64');
  }
  if (!isRosterUploadOf(input.fileId as string, input.branchId)) {
    throw invalid('payload.fileId', `must be a file uploaded to roster/${input.branchId}/`);
  }
  let bytes: Buffer;
  try {
    bytes = await downloadFile(input.fileId as string);
  } catch {
    throw new DomainError('NOT_FOUND', 'the uploaded file is not in cloud storage');
  }
  return parseRosterFile(bytes, 'payload.fileId');
}

/** The per-branch budget of staff numbers found in other branches (S-25). */
export const foreignBudgetKey = (branchId: string) => `import-foreign:${branchId}`;

function budgetSpent(retryAt: number): DomainError {
  return new DomainError(
    'RATE_LIMITED',
    'too many staff numbers of other branches today: ask the organisation office to import them',
    { retryAt },
  );
}

/**
 * Records `count` rows that hit another branch's number; beyond the day's budget the whole import
 * is refused (nothing written) and the budget is spent — the refusal names no row and no count.
 */
async function spendForeignBudget(key: string, count: number, now: number): Promise<void> {
  let decision: BudgetDecision | null = null;
  await updateThrottle(
    key,
    (failures) => {
      decision = spendBudget(failures, count, now, FOREIGN_STAFF_NO_BUDGET);
      return decision.failures;
    },
    FOREIGN_STAFF_NO_BUDGET.windowMs,
  );
  const d = decision as BudgetDecision | null;
  if (d && !d.allow) throw budgetSpent(d.retryAt);
}

/**
 * Roster import, idempotent by staff number (a university-wide id, unique across branches by the
 * `staffNo_unique` index): new numbers are inserted as unbound rows, known numbers of this branch
 * get their name/phone updated, numbers held by another branch are refused per row. Good rows are
 * imported whatever the bad ones do. Not one transaction (CloudBase transactions are for a few
 * documents, not 2,000): batches are ordered inserts (a clash keeps the rows before it), `created`
 * counts what was really written, the audit entry follows the writes.
 */
export async function importRoster(
  input: TImportRosterInput,
  ctx: ActionContext,
): Promise<TImportRosterOutput> {
  const branch = await getBranch(input.branchId);
  if (!branch) throw new DomainError('NOT_FOUND', 'no such branch');
  // S-25: a branch whose budget of other branches' numbers is spent learns nothing (not even
  // whether this file holds any) until the window has passed. Admins see every branch anyway.
  const budgetKey = ctx.caller.isAdmin ? null : foreignBudgetKey(branch.id);
  if (budgetKey) {
    const t = await readThrottle(budgetKey);
    const d = throttleDecision(t?.failures ?? [], ctx.now, FOREIGN_STAFF_NO_BUDGET);
    if (!d.allow) throw budgetSpent(d.retryAt);
  }
  let raw: RawRosterRow[];
  try {
    raw = await readRows(input);
  } finally {
    // An uploaded roster (names, phones) is deleted once read, whether or not it parsed: the rows
    // are in the database now, or the secretary uploads a corrected file.
    if (input.fileId && isRosterUploadOf(input.fileId, input.branchId))
      await deleteUploadedFile(input.fileId);
  }
  const { good, errors } = checkRosterRows(raw);
  const rowErrors: { row: number; code: RosterRowError }[] = [...errors];

  const existing = new Map<string, MemberDoc>();
  for (const doc of await findMembersByStaffNos(good.map((g) => g.staffNo))) existing.set(doc.staffNo, doc);

  if (budgetKey) {
    const foreign = good.filter((g) => {
      const cur = existing.get(g.staffNo);
      return cur !== undefined && cur.branchId !== branch.id;
    }).length;
    if (foreign > 0) await spendForeignBudget(budgetKey, foreign, ctx.now);
  }

  const toInsert: { row: number; doc: MemberDoc }[] = [];
  const toUpdate: { id: string; fields: Partial<MemberDoc> }[] = [];
  let unchanged = 0;
  for (const g of good) {
    const cur = existing.get(g.staffNo);
    if (!cur) {
      const id = newId();
      toInsert.push({
        row: g.row,
        doc: newMemberDoc(
          { id, branchId: branch.id, name: g.name, staffNo: g.staffNo, phone: g.phone },
          ctx.now,
        ),
      });
    } else if (cur.branchId !== branch.id) {
      rowErrors.push({ row: g.row, code: 'STAFF_NO_IN_OTHER_BRANCH' });
    } else {
      const fields: Partial<MemberDoc> = {};
      if (cur.name !== g.name) fields.name = g.name;
      // A file without a phone column keeps the phone on record.
      if (g.phone !== null && (cur.phone ?? null) !== g.phone) fields.phone = g.phone;
      if (Object.keys(fields).length === 0) unchanged++;
      else toUpdate.push({ id: cur._id, fields: { ...fields, updatedAt: ctx.now } });
    }
  }

  let created = 0;
  for (let i = 0; i < toInsert.length; i += INSERT_BATCH) {
    const batch = toInsert.slice(i, i + INSERT_BATCH);
    try {
      await insertMemberDocs(batch.map((b) => b.doc));
      created += batch.length;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      // Another import took one of these numbers meanwhile. The insert is ordered, not atomic: the
      // rows before the clash were written (their ids are ours, so they exist now), the clash and
      // the rows after it were not. Count the written ones, insert the others one by one and
      // refuse only the taken numbers.
      const written = await existingMemberIds(batch.map((b) => b.doc._id));
      created += written.size;
      for (const b of batch.filter((x) => !written.has(x.doc._id))) {
        try {
          await insertMemberDocs([b.doc]);
          created++;
        } catch (e1) {
          if (!isDuplicateKeyError(e1)) throw e1;
          rowErrors.push({ row: b.row, code: 'STAFF_NO_IN_OTHER_BRANCH' });
        }
      }
    }
  }

  let next = 0;
  const worker = async () => {
    while (next < toUpdate.length) {
      const u = toUpdate[next++];
      await updateMemberFields(u.id, u.fields);
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPDATE_CONCURRENCY, toUpdate.length) }, worker));

  rowErrors.sort((a, b) => a.row - b.row);
  const result: TImportRosterOutput = {
    created,
    updated: toUpdate.length,
    unchanged,
    errors: rowErrors,
    total: raw.length,
  };
  await appendAudit(
    {
      actor: actorId(ctx.caller),
      action: 'member.importRoster',
      targetType: 'branch',
      targetId: branch.id,
      branchId: branch.id,
      // Counts only: the rows themselves are personal data.
      after: { created, updated: result.updated, unchanged, errors: rowErrors.length, total: raw.length },
      requestId: ctx.requestId,
    },
    ctx.now,
  );
  return result;
}

import { DomainError } from '../../core/errors';
import { activeMembersOfBranch } from '../../core/repos/members';

/** At most this many offending ids are named in one INVALID_ARGUMENT (the list may hold 2,000). */
const MAX_NAMED = 20;

/**
 * An activity's invitation list (`expectedMemberIds`) may name only active members of the activity's
 * own branch (security/REVIEW.md S-5): otherwise a secretary could make another branch's members
 * expected — 补录 them, spend their reminder credits, read their names in the reminder audience.
 * INVALID_ARGUMENT names each offending entry as `payload.expectedMemberIds.<index>`. One indexed
 * read of the branch's active members (a list is at most 2,000 ids, a branch about as many members).
 * The attendance rule (domain/attendance/roster.ts `isExpectedMember`) checks the branch again, for
 * lists stored before this check.
 */
export async function checkExpectedMemberIds(
  ids: readonly string[] | null | undefined,
  branchId: string,
): Promise<void> {
  if (!ids || ids.length === 0) return;
  const active = new Set((await activeMembersOfBranch(branchId)).map((m) => m._id));
  const message = 'not an active member of this branch';
  const fields = ids
    .map((id, i) => (active.has(id) ? null : { path: `payload.expectedMemberIds.${i}`, message }))
    .filter((f): f is { path: string; message: string } => f !== null);
  if (fields.length > 0) {
    throw new DomainError('INVALID_ARGUMENT', `${fields[0].path}: ${message}`, {
      fields: fields.slice(0, MAX_NAMED),
    });
  }
}

import { DomainError } from '../../core/errors';
import { getMember, type MemberRecord } from '../../core/repos/members';

export async function requireMember(id: string): Promise<MemberRecord> {
  const m = await getMember(id);
  if (!m) throw new DomainError('NOT_FOUND', 'no such member');
  return m;
}

/** Policy helper: the branch of the member a payload names (`null` when there is no such member). */
export async function branchOfMember(p: { memberId: string }): Promise<string | null> {
  return (await getMember(p.memberId))?.branchId ?? null;
}

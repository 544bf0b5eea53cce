import type { TReminderMember } from '../../../types/reminder';
import type { Caller } from '../../core/auth/caller';
import { viewerOf } from '../../core/auth/staff';
import type { MemberFacts } from '../../core/domain/attendance';
import { maskPhone, maySeeContact } from '../../core/domain/member/privacy';
import type { ReminderMemberRow } from '../../core/repos/members';

export { activityFacts, requireActivity } from '../../core/repos/activities';

export function memberFacts(m: ReminderMemberRow): MemberFacts {
  return { id: m._id, name: m.name, branchId: m.branchId, status: m.status, boundAt: m.boundAt ?? null };
}

/** A member as the secretary sees them: the phone (to call) when the caller may see it, else masked. */
export function memberView(caller: Caller, m: ReminderMemberRow): TReminderMember {
  const viewer = viewerOf(caller);
  const phone = m.phone ?? null;
  return {
    memberId: m._id,
    name: m.name,
    phone: maySeeContact(viewer, { id: m._id, branchId: m.branchId }) ? phone : maskPhone(phone),
  };
}

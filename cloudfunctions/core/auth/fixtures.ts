import type { Role } from '../../../types/member';
import type { MemberRecord } from '../repos/members';

/** Tests only: a roster row of `branchId` in `status` with `roles` (openid `o_<id>`). */
export function rosterRow(
  id: string,
  branchId: string,
  status: MemberRecord['status'],
  roles: Role[] = ['member'],
): MemberRecord {
  return {
    id,
    branchId,
    name: 'x',
    staffNo: 's',
    phone: null,
    openid: `o_${id}`,
    status,
    roles,
    createdAt: 0,
    updatedAt: 0,
  };
}

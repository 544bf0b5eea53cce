import type { MemberStatus, Role } from './enums';

/**
 * One entry of the local cloud's `GET /__identities` (local only, CONTRACT.md "Local cloud"): a demo
 * person the H5 login screen offers — a seeded member with a real openid, or a bootstrap admin from
 * `APP_ADMIN_OPENIDS` who has no roster row.
 */
export interface TDemoIdentity {
  openid: string;
  name: string;
  roles: Role[];
  branchId: string | null;
  branchName: string | null;
  status: MemberStatus | null;
}

/**
 * The shapes the attendance and reminder rules read. They are structural on purpose: the stored
 * documents (types/ contract, repos/) may carry more fields; the rules only need these.
 */
import type { ActivityType } from '../../../../types/activity';

export type { ActivityType };

/** Chinese names, as members and secretaries say them: the one table in types/labels.ts. */
export { ACTIVITY_TYPE_LABELS } from '../../../../types/labels';

export interface ActivityFacts {
  id: string;
  branchId: string;
  type: ActivityType;
  title: string;
  /** epoch ms */
  startAt: number;
  /** epoch ms */
  endAt: number;
  /** `scheduled` | `cancelled` (types/activity.ts); anything but `cancelled` is live */
  status: string;
  siteId?: string | null;
  /** 先锋领航 event: the owning team; its expected members are its sign-ups, from any branch */
  teamId?: string | null;
  /** a 廉政党课 (integrity lecture); only meaningful on `party_lecture` */
  integrityLecture?: boolean;
  /**
   * An explicit invitation list (e.g. one party group). When absent the whole branch is expected.
   */
  expectedMemberIds?: string[] | null;
}

export function isCancelled(activity: Pick<ActivityFacts, 'status'>): boolean {
  return activity.status === 'cancelled';
}

export interface MemberFacts {
  id: string;
  name: string;
  branchId: string;
  /** `active` | `pending` | `left` …: only `active` members are expected anywhere */
  status: string;
  /** when the member bound their WeChat to the roster row (epoch ms; repos/members `boundAt`); unknown = always */
  boundAt?: number | null;
}

export interface SiteFacts {
  id: string;
  name: string;
}

/**
 * Status of anything a secretary decides: check-ins, leave and make-up requests. `revoked` is an
 * approval undone by the secretary (with a reason); the record stays, it just no longer counts.
 */
export type ItemStatus = 'pending' | 'approved' | 'rejected' | 'revoked';
/** A request may also be `withdrawn` (撤回) by the member who asked, while still pending. */
export type RequestItemStatus = ItemStatus | 'withdrawn';

export interface CheckinFacts {
  id: string;
  activityId: string;
  memberId: string;
  status: ItemStatus;
  /** how presence was proven: `rotating`, `site`, `makeup` (approved 补签), `manual` (补录, forced) */
  method: string;
}

export interface RequestFacts {
  id: string;
  kind: 'leave' | 'makeup';
  activityId: string;
  memberId: string;
  status: RequestItemStatus;
  reason: string;
}

import * as T from '../../types/attendance';
import { teamEventLeader } from '../core/repos/read/team-grant';
import { action, defineFunction } from '../core/router';
import { activityBranch } from '../core/repos/activities';
import { getDelegation } from '../core/repos/delegations';
import { audit } from './actions/audit';
import { isActiveDelegate, itemBranch } from './actions/common';
import { delegate, listDelegations, revokeDelegation } from './actions/delegation';
import { exportAttendance } from './actions/export';
import { manualAdd } from './actions/manual-add';
import { queue } from './actions/queue';
import { myRequests, requestLeave, requestMakeup, withdrawRequest } from './actions/requests';
import { review, undo } from './actions/review';
import { getMinutes, roster, saveMinutes } from './actions/roster';
import { stats } from './actions/stats';
import { refreshSummaries } from './actions/summaries';

/**
 * attendance (contract: types/attendance.ts; codes and flows: README.md beside this file): the secretary's review queue, leave and make-up
 * requests, manual add and undo, delegation, roster and minutes, statistics, export, audit.
 * Who may act is declared here, once per action, and evaluated by core/auth/policy.ts. Delegates
 * (an active member holding the secretary's delegation) come in through the policy's `alsoAllow`;
 * `review` then scopes every item by domain/attendance/delegation.ts `canReview`.
 */
const STAFF = ['secretary', 'admin'] as const;

export const { main, definition } = defineFunction({
  name: 'attendance',
  actions: {
    queue: action({
      input: T.ZQueueInput,
      policy: {
        roles: STAFF,
        branchFrom: (p, c) => (p.activityId ? activityBranch(p.activityId) : (p.branchId ?? c.branchId)),
        alsoAllow: isActiveDelegate,
      },
      handler: queue,
    }),
    review: action({
      input: T.ZReviewInput,
      // Items may name any branch: each one is checked by canReview (others answer NOT_FOUND).
      policy: { roles: STAFF, alsoAllow: isActiveDelegate },
      handler: review,
    }),
    requestLeave: action({
      input: T.ZRequestLeaveInput,
      policy: { member: true, branchFrom: (p) => activityBranch(p.activityId) },
      handler: requestLeave,
    }),
    requestMakeup: action({
      input: T.ZRequestMakeupInput,
      policy: { member: true, branchFrom: (p) => activityBranch(p.activityId) },
      handler: requestMakeup,
    }),
    myRequests: action({ input: T.ZMyRequestsInput, policy: { member: true }, handler: myRequests }),
    // the member's own request (another's answers NOT_FOUND in the handler, revealing nothing)
    withdrawRequest: action({
      input: T.ZWithdrawRequestInput,
      policy: { member: true },
      handler: withdrawRequest,
    }),
    manualAdd: action({
      input: T.ZManualAddInput,
      policy: { roles: STAFF, branchFrom: (p) => activityBranch(p.activityId) },
      handler: manualAdd,
    }),
    undo: action({ input: T.ZUndoInput, policy: { roles: STAFF, branchFrom: itemBranch }, handler: undo }),
    roster: action({
      input: T.ZRosterInput,
      policy: {
        roles: STAFF,
        branchFrom: (p) => activityBranch(p.activityId),
        // a delegate of the branch; the leaders of a 先锋领航 event's team (docs/volunteer.md)
        alsoAllow: async (args) => (await isActiveDelegate(args)) || (await teamEventLeader(args)),
      },
      handler: (input) => roster(input),
    }),
    getMinutes: action({
      input: T.ZGetMinutesInput,
      policy: { roles: STAFF, branchFrom: (p) => activityBranch(p.activityId) },
      handler: (input) => getMinutes(input),
    }),
    saveMinutes: action({
      input: T.ZSaveMinutesInput,
      policy: { roles: STAFF, branchFrom: (p) => activityBranch(p.activityId) },
      handler: saveMinutes,
    }),
    delegate: action({
      input: T.ZDelegateInput,
      policy: { roles: STAFF, branchFrom: (p) => p.branchId },
      handler: delegate,
    }),
    revokeDelegation: action({
      input: T.ZRevokeDelegationInput,
      policy: {
        roles: STAFF,
        branchFrom: async (p) => (await getDelegation(p.delegationId))?.branchId ?? null,
      },
      handler: revokeDelegation,
    }),
    listDelegations: action({
      input: T.ZListDelegationsInput,
      // Both sides: the branch's secretary sees the branch's, a delegate sees their own.
      policy: { member: true, branchFrom: (p, c) => p.branchId ?? c.branchId },
      handler: listDelegations,
    }),
    stats: action({
      input: T.ZStatsInput,
      // No branchId: an admin gets every branch side by side, a secretary their own.
      policy: { roles: STAFF, branchFrom: (p, c) => p.branchId ?? c.branchId },
      handler: stats,
    }),
    export: action({
      input: T.ZExportInput,
      policy: { roles: STAFF, branchFrom: (p) => p.branchId },
      handler: exportAttendance,
    }),
    audit: action({
      input: T.ZAuditInput,
      policy: {
        roles: STAFF,
        branchFrom: (p, c) => (p.activityId ? activityBranch(p.activityId) : (p.branchId ?? c.branchId)),
      },
      handler: audit,
    }),
  },
  timers: { summaries: refreshSummaries },
});

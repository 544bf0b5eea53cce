import * as T from '../../types/attendance';
import { defineFunction } from '../core/router';
import { activityBranch } from '../core/repos/activities';
import { getDelegation } from '../core/repos/delegations';
import { audit } from './actions/audit';
import { isActiveDelegate, itemBranch } from './actions/common';
import { delegate, listDelegations, revokeDelegation } from './actions/delegation';
import { exportAttendance } from './actions/export';
import { manualAdd } from './actions/manual-add';
import { queue } from './actions/queue';
import { myRequests, requestLeave, requestMakeup } from './actions/requests';
import { review, undo } from './actions/review';
import { getMinutes, roster, saveMinutes } from './actions/roster';
import { stats } from './actions/stats';
import { refreshSummaries } from './actions/summaries';

/**
 * attendance (CONTRACT.md "attendance"; issue 6): the secretary's review queue, leave and make-up
 * requests, manual add and undo, delegation, roster and minutes, statistics, export, audit.
 * Who may act is declared here, once per action, and evaluated by core/auth/policy.ts. Delegates
 * (an active member holding the secretary's delegation) come in through the policy's `alsoAllow`;
 * `review` then scopes every item by domain/attendance/delegation.ts `canReview`.
 */
const STAFF = ['secretary', 'admin'] as const;

export const { main, definition } = defineFunction({
  name: 'attendance',
  actions: {
    queue: {
      input: T.ZQueueInput,
      policy: {
        roles: STAFF,
        branchFrom: (p, c) => (p.activityId ? activityBranch(p.activityId) : (p.branchId ?? c.branchId)),
        alsoAllow: isActiveDelegate,
      },
      handler: queue,
    },
    review: {
      input: T.ZReviewInput,
      // Items may name any branch: each one is checked by canReview (others answer NOT_FOUND).
      policy: { roles: STAFF, alsoAllow: isActiveDelegate },
      handler: review,
    },
    requestLeave: {
      input: T.ZRequestLeaveInput,
      policy: { member: true, branchFrom: (p) => activityBranch(p.activityId) },
      handler: requestLeave,
    },
    requestMakeup: {
      input: T.ZRequestMakeupInput,
      policy: { member: true, branchFrom: (p) => activityBranch(p.activityId) },
      handler: requestMakeup,
    },
    myRequests: { input: T.ZMyRequestsInput, policy: { member: true }, handler: myRequests },
    manualAdd: {
      input: T.ZManualAddInput,
      policy: { roles: STAFF, branchFrom: (p) => activityBranch(p.activityId) },
      handler: manualAdd,
    },
    undo: { input: T.ZUndoInput, policy: { roles: STAFF, branchFrom: itemBranch }, handler: undo },
    roster: {
      input: T.ZRosterInput,
      policy: { roles: STAFF, branchFrom: (p) => activityBranch(p.activityId), alsoAllow: isActiveDelegate },
      handler: (input) => roster(input),
    },
    getMinutes: {
      input: T.ZGetMinutesInput,
      policy: { roles: STAFF, branchFrom: (p) => activityBranch(p.activityId) },
      handler: (input) => getMinutes(input),
    },
    saveMinutes: {
      input: T.ZSaveMinutesInput,
      policy: { roles: STAFF, branchFrom: (p) => activityBranch(p.activityId) },
      handler: saveMinutes,
    },
    delegate: {
      input: T.ZDelegateInput,
      policy: { roles: STAFF, branchFrom: (p) => p.branchId },
      handler: delegate,
    },
    revokeDelegation: {
      input: T.ZRevokeDelegationInput,
      policy: {
        roles: STAFF,
        branchFrom: async (p) => (await getDelegation(p.delegationId))?.branchId ?? null,
      },
      handler: revokeDelegation,
    },
    listDelegations: {
      input: T.ZListDelegationsInput,
      // Both sides: the branch's secretary sees the branch's, a delegate sees their own.
      policy: { member: true, branchFrom: (p, c) => p.branchId ?? c.branchId },
      handler: listDelegations,
    },
    stats: {
      input: T.ZStatsInput,
      // No branchId: an admin gets every branch side by side, a secretary their own.
      policy: { roles: STAFF, branchFrom: (p, c) => p.branchId ?? c.branchId },
      handler: stats,
    },
    export: {
      input: T.ZExportInput,
      policy: { roles: STAFF, branchFrom: (p) => p.branchId },
      handler: exportAttendance,
    },
    audit: {
      input: T.ZAuditInput,
      policy: {
        roles: STAFF,
        branchFrom: (p, c) => (p.activityId ? activityBranch(p.activityId) : (p.branchId ?? c.branchId)),
      },
      handler: audit,
    },
  },
  timers: { summaries: refreshSummaries },
});

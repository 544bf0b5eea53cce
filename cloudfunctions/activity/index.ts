import {
  ZCancelActivityInput,
  ZCreateActivityInput,
  ZCreateSiteInput,
  ZDisplayCodeInput,
  ZGetActivityInput,
  ZListBranchInput,
  ZListMineInput,
  ZListSitesInput,
  ZSiteCodeInput,
  ZUpdateActivityInput,
  ZUpdateSiteInput,
} from '../../types/activity';
import { activityBranch } from '../core/repos/activities';
import { siteBranch } from '../core/repos/sites';
import { teamEventLeader, teamEventMember } from '../core/repos/read/team-grant';
import { action, defineFunction } from '../core/router';
import {
  cancelActivity,
  createActivity,
  displayCode,
  getActivity,
  listBranch,
  listMine,
  updateActivity,
} from './actions/activities';
import { createSite, listSites, siteCode, updateSite } from './actions/sites';

const staff = ['secretary', 'admin'] as const;

/**
 * activity: frontline sites and activities (CONTRACT.md "activity"; issue 5). Check-in rules and
 * codes: docs/checkin.md. Every secretary/admin state change appends to `audit`.
 */
export const { main, definition } = defineFunction({
  name: 'activity',
  actions: {
    createSite: action({
      input: ZCreateSiteInput,
      policy: { roles: staff, branchFrom: (p) => p.branchId },
      handler: (input, ctx) => createSite(input, ctx),
    }),
    updateSite: action({
      input: ZUpdateSiteInput,
      policy: { roles: staff, branchFrom: (p) => siteBranch(p.siteId) },
      handler: (input, ctx) => updateSite(input, ctx),
    }),
    listSites: action({
      input: ZListSitesInput,
      policy: { roles: staff, branchFrom: (p) => p.branchId },
      handler: (input) => listSites(input.branchId),
    }),
    siteCode: action({
      input: ZSiteCodeInput,
      policy: { roles: staff, branchFrom: (p) => siteBranch(p.siteId) },
      handler: (input, ctx) => siteCode(input.siteId, ctx),
    }),
    create: action({
      input: ZCreateActivityInput,
      policy: { roles: staff, branchFrom: (p) => p.branchId },
      handler: (input, ctx) => createActivity(input, ctx),
    }),
    update: action({
      input: ZUpdateActivityInput,
      policy: { roles: staff, branchFrom: (p) => activityBranch(p.activityId) },
      handler: (input, ctx) => updateActivity(input, ctx),
    }),
    cancel: action({
      input: ZCancelActivityInput,
      // the leaders of a 先锋领航 event's team act as its secretary (docs/volunteer.md)
      policy: { roles: staff, branchFrom: (p) => activityBranch(p.activityId), alsoAllow: teamEventLeader },
      handler: (input, ctx) => cancelActivity(input, ctx),
    }),
    get: action({
      input: ZGetActivityInput,
      policy: { member: true, branchFrom: (p) => activityBranch(p.activityId), alsoAllow: teamEventMember },
      handler: (input, ctx) => getActivity(input.activityId, ctx),
    }),
    listMine: action({
      input: ZListMineInput,
      policy: { member: true },
      handler: (input, ctx) => listMine(input, ctx),
    }),
    listBranch: action({
      input: ZListBranchInput,
      policy: { roles: staff, branchFrom: (p) => p.branchId },
      handler: (input, ctx) => listBranch(input, ctx),
    }),
    displayCode: action({
      input: ZDisplayCodeInput,
      policy: { roles: staff, branchFrom: (p) => activityBranch(p.activityId), alsoAllow: teamEventLeader },
      handler: (input, ctx) => displayCode(input.activityId, ctx),
    }),
  },
});

import * as M from '../../types/member';
import { probeSubscribeSend } from '../core/openapi-probes';
import { action, defineFunction } from '../core/router';
import { bind, bindingRequests, reviewBinding, unbind } from './actions/binding';
import { createBranch, listBranches, updateBranch } from './actions/branches';
import { branchOfMember } from './actions/common';
import { importRoster } from './actions/import-roster';
import { me } from './actions/me';
import { listMembers, setRoles } from './actions/members';
import { completeDeletion, myData, requestDeletion } from './actions/privacy';

/**
 * member: who is who (contract: types/member.ts; flows: docs/member.md) — branches, the roster, WeChat bindings,
 * roles, privacy. Every action's policy is evaluated by core/auth/policy.ts `can()` before the
 * handler runs; handlers only add business refusals (ALREADY_BOUND, CONFLICT, …).
 */
export const { main, definition } = defineFunction({
  name: 'member',
  // the applicant hears the binding decision (reviewBinding → template bindingDecided)
  openapi: { 'subscribeMessage.send': probeSubscribeSend },
  env: ['APP_TEMPLATE_BINDING_DECIDED'],
  actions: {
    me: action({ input: M.ZMeInput, policy: { anyone: true }, handler: (_i, { caller }) => me(caller) }),
    listBranches: action({
      input: M.ZListBranchesInput,
      policy: { anyone: true },
      handler: (i, { caller }) => listBranches(i, caller),
    }),
    createBranch: action({
      input: M.ZCreateBranchInput,
      policy: { roles: ['admin'] },
      handler: createBranch,
    }),
    updateBranch: action({
      input: M.ZUpdateBranchInput,
      policy: { roles: ['admin'] },
      handler: updateBranch,
    }),
    importRoster: action({
      input: M.ZImportRosterInput,
      // The payload names the branch: a secretary of another branch is refused before anything is read.
      policy: { roles: ['secretary', 'admin'], branchFrom: (p) => p.branchId },
      handler: importRoster,
    }),
    // Any WeChat user; the handler refuses a caller who already holds a row (ALREADY_BOUND).
    bind: action({ input: M.ZBindInput, policy: { anyone: true }, handler: bind }),
    reviewBinding: action({
      input: M.ZReviewBindingInput,
      policy: { roles: ['secretary', 'admin'], branchFrom: branchOfMember },
      handler: reviewBinding,
    }),
    bindingRequests: action({
      input: M.ZBindingRequestsInput,
      // The branch's pending rows unmasked with their history: its secretary and admins only.
      policy: { roles: ['secretary', 'admin'], branchFrom: (p) => p.branchId },
      handler: bindingRequests,
    }),
    listMembers: action({
      input: M.ZListMembersInput,
      // Active members of the branch (contact data masked), its secretary and admins (unmasked).
      policy: { member: true, branchFrom: (p) => p.branchId },
      handler: listMembers,
    }),
    setRoles: action({ input: M.ZSetRolesInput, policy: { roles: ['admin'] }, handler: setRoles }),
    myData: action({
      input: M.ZMyDataInput,
      policy: { anyone: true },
      handler: (_i, { caller }) => myData(caller),
    }),
    unbind: action({ input: M.ZUnbindInput, policy: { roles: ['admin'] }, handler: unbind }),
    requestDeletion: action({
      input: M.ZRequestDeletionInput,
      policy: { member: true },
      handler: requestDeletion,
    }),
    completeDeletion: action({
      input: M.ZCompleteDeletionInput,
      policy: { roles: ['admin'] },
      handler: completeDeletion,
    }),
  },
});

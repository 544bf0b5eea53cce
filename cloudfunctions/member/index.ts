import { ZListBranchesInput, ZMeInput } from '../../types/member';
import { defineFunction } from '../core/router';
import { listBranches } from './actions/list-branches';
import { me } from './actions/me';

/** member: who is who (CONTRACT.md "member"; issue 4 adds the roster, binding, roles and privacy). */
export const { main, definition } = defineFunction({
  name: 'member',
  actions: {
    me: { input: ZMeInput, policy: { anyone: true }, handler: async (_input, { caller }) => me(caller) },
    listBranches: { input: ZListBranchesInput, policy: { anyone: true }, handler: () => listBranches() },
  },
});

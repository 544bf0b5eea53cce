import { ZCheckInInput, ZCheckOutInput, ZMyRecordsInput } from '../../types/checkin';
import { activityBranch } from '../core/repos/activities';
import { teamEventMember } from '../core/repos/read/team-grant';
import { action, defineFunction } from '../core/router';
import { checkIn } from './actions/check-in';
import { checkOut } from './actions/check-out';
import { myRecords } from './actions/my-records';

/**
 * checkin: a member proves presence on site (CONTRACT.md "checkin"; issue 5). The flow, every
 * refusal code and the nonce contract: docs/checkin.md.
 */
export const { main, definition } = defineFunction({
  name: 'checkin',
  actions: {
    // No branch in the payload: the code names the activity; evaluateCheckIn answers NOT_EXPECTED.
    checkIn: action({
      input: ZCheckInInput,
      policy: { member: true },
      handler: (input, ctx) => checkIn(input, ctx),
    }),
    checkOut: action({
      input: ZCheckOutInput,
      // a 先锋领航 event: its team's members, from any branch (docs/volunteer.md)
      policy: { member: true, branchFrom: (p) => activityBranch(p.activityId), alsoAllow: teamEventMember },
      handler: (input, ctx) => checkOut(input, ctx),
    }),
    myRecords: action({
      input: ZMyRecordsInput,
      policy: { member: true },
      handler: (input, ctx) => myRecords(input, ctx),
    }),
  },
});

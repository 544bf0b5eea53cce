import { ZCheckInInput, ZCheckOutInput, ZMyRecordsInput } from '../../types/checkin';
import { activityBranch } from '../core/repos/activities';
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
      policy: { member: true, branchFrom: (p) => activityBranch(p.activityId) },
      handler: (input, ctx) => checkOut(input, ctx),
    }),
    myRecords: action({
      input: ZMyRecordsInput,
      policy: { member: true },
      handler: (input, ctx) => myRecords(input, ctx),
    }),
  },
});

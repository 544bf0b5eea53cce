import * as T from '../../types/reminder';
import { activityBranch } from '../core/repos/activities';
import { teamEventLeader } from '../core/repos/read/team-grant';
import { action, defineFunction } from '../core/router';
import { audience, unreachable } from './actions/audience';
import { dispatch } from './actions/dispatch';
import { nudge } from './actions/nudge';
import { credits, subscribe, templates } from './actions/subscribe';
import { probeSubscribeSend } from '../core/openapi-probes';

/**
 * reminder (contract: types/reminder.ts): meeting reminders by WeChat subscribe message with the
 * server's own credit ledger. Rules: core/domain/reminder (README there); flow: docs/reminders.md.
 */
const STAFF = ['secretary', 'admin'] as const;
// Leaders of a 先锋领航 team act as the secretary on their team's events (docs/volunteer.md).
const ofActivity = {
  roles: STAFF,
  branchFrom: (p: { activityId: string }) => activityBranch(p.activityId),
  alsoAllow: teamEventLeader,
};

export const { main, definition } = defineFunction({
  name: 'reminder',
  openapi: { 'subscribeMessage.send': probeSubscribeSend },
  env: [
    'APP_TEMPLATE_MEETING_REMINDER',
    'APP_TEMPLATE_MEETING_CANCELLED',
    'APP_TEMPLATE_TASK_REMINDER',
    'APP_TEMPLATE_BINDING_DECIDED',
  ],
  actions: {
    // active members; an applicant with a pending binding for `bindingDecided` only
    subscribe: action({
      input: T.ZSubscribeInput,
      policy: { bound: true, pendingMay: (p) => p.accepted.every((k) => k === 'bindingDecided') },
      handler: subscribe,
    }),
    credits: action({ input: T.ZCreditsInput, policy: { member: true }, handler: credits }),
    templates: action({ input: T.ZTemplatesInput, policy: { anyone: true }, handler: () => templates() }),
    audience: action({ input: T.ZAudienceInput, policy: ofActivity, handler: audience }),
    unreachable: action({ input: T.ZUnreachableInput, policy: ofActivity, handler: unreachable }),
    nudge: action({ input: T.ZNudgeInput, policy: ofActivity, handler: nudge }),
  },
  timers: { dispatch },
});

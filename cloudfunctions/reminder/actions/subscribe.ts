import type {
  TCreditsOutput,
  TSubscribeInput,
  TSubscribeOutput,
  TTemplatesOutput,
} from '../../../types/reminder';
import { TEMPLATE_KEYS } from '../../../types/reminder';
import { templateIdFor, templatesConfig } from '../../core/domain/reminder';
import { addCredits, getCredits } from '../../core/repos/credits';
import { DAY_MS } from '../../core/domain/attendance/calendar';
import { listBranchActivities } from '../../core/repos/activities';
import { reopenRounds } from '../../core/repos/reminder-rounds';
import type { BoundCaller, MemberCaller } from '../../core/auth/caller';
import type { ActionContext } from '../../core/router';

/**
 * +1 credit per accepted key (unknown keys were refused by the schema: INVALID_ARGUMENT). An active
 * member reports any key; an applicant whose binding is pending only `bindingDecided` (the notice of
 * the secretary's decision, asked for with 提交 on the binding page) — anything else is FORBIDDEN,
 * and a caller without a pending or active row is NOT_BOUND: both decided by the action's `{ bound }`
 * policy (reminder/index.ts) before this runs. A new meeting-reminder credit reopens
 * the done reminder rounds of the member's branch's meetings of the next 24 h
 * (repos/reminder-rounds.ts), after the credit is written: the next dispatch run reminds them too.
 */
export async function subscribe(
  input: TSubscribeInput,
  ctx: ActionContext<BoundCaller>,
): Promise<TSubscribeOutput> {
  const m = ctx.caller.member;
  const id = m.id;
  if (input.accepted.length === 0) return { credits: await getCredits(id) };
  const credits = await addCredits(id, input.accepted, ctx.now);
  if (input.accepted.includes('meetingReminder') && m.status === 'active' && m.branchId) {
    const soon = await listBranchActivities(m.branchId, ctx.now, ctx.now + DAY_MS);
    await reopenRounds(soon.map((a) => a._id));
  }
  return { credits };
}

export async function credits(_input: unknown, ctx: ActionContext<MemberCaller>): Promise<TCreditsOutput> {
  return { credits: await getCredits(ctx.caller.member.id) };
}

/**
 * The WeChat template ids the mini-program passes to `requestSubscribeMessage`, from the same
 * `APP_TEMPLATE_*` variables the sender uses (config/subscribe-templates.json), so the two can't
 * disagree. A missing variable is a deployment error: INTERNAL naming the variable, in the log.
 */
export async function templates(): Promise<TTemplatesOutput> {
  return {
    templates: TEMPLATE_KEYS.map((key) => ({
      key,
      id: templateIdFor(key),
      title: templatesConfig.templates[key].title,
    })),
  };
}

import type {
  TAudienceInput,
  TAudienceOutput,
  TUnreachableInput,
  TUnreachableOutput,
} from '../../../types/reminder';
import { reachability } from '../../core/domain/reminder';
import type { ActionContext } from '../../core/router';
import { activityFacts, loadAudience, memberFacts, memberView, requireActivity } from './common';

/**
 * Per activity: expected members not on approved leave, split by whether a reminder can reach them
 * (a `meetingReminder` credit). Phones come unmasked to the branch's secretary and admins — the
 * point of the list is to call the unreachable ones (domain/member/privacy.ts).
 */
export async function audience(input: TAudienceInput, ctx: ActionContext): Promise<TAudienceOutput> {
  const a = await requireActivity(input.activityId);
  const data = await loadAudience([a], { checkins: false });
  const split = reachability(activityFacts(a), data.members.map(memberFacts), data.leaves, data.credits);
  const view = (ms: { id: string }[]) =>
    ms
      .map((m) => memberView(ctx.caller, data.byId.get(m.id)!))
      .sort((x, y) => x.name.localeCompare(y.name, 'zh'));
  return { reachable: view(split.reachable), unreachable: view(split.unreachable) };
}

export async function unreachable(input: TUnreachableInput, ctx: ActionContext): Promise<TUnreachableOutput> {
  return (await audience(input, ctx)).unreachable;
}

import type {
  TAudienceInput,
  TAudienceOutput,
  TUnreachableInput,
  TUnreachableOutput,
} from '../../../types/reminder';
import { reachability } from '../../core/domain/reminder';
import { listActivityReminders } from '../../core/repos/reminders';
import type { ActionContext } from '../../core/router';
import { activityFacts, memberFacts, memberView, requireActivity } from './common';
import { loadAudience } from '../../core/repos/read/reminder-audience';

/**
 * Per activity: expected members not on approved leave, split by whether a reminder can reach them
 * (a `meetingReminder` credit). Phones come unmasked to the branch's secretary and admins — the
 * point of the list is to call the unreachable ones (domain/member/privacy.ts).
 */
export async function audience(input: TAudienceInput, ctx: ActionContext): Promise<TAudienceOutput> {
  const a = await requireActivity(input.activityId);
  const [data, rows] = await Promise.all([
    loadAudience([a], { checkins: false }),
    listActivityReminders(a._id),
  ]);
  const split = reachability(activityFacts(a), data.members.map(memberFacts), data.leaves, data.credits);
  const view = (ms: { id: string }[]) =>
    ms
      .map((m) => memberView(ctx.caller, data.byId.get(m.id)!))
      .sort((x, y) => x.name.localeCompare(y.name, 'zh'));
  const sent = new Set(
    rows.filter((r) => r.status === 'sent' && r.kind !== 'cancelled').map((r) => r.memberId),
  );
  const reminded = [...split.reachable, ...split.unreachable].filter((m) => sent.has(m.id));
  return { reachable: view(split.reachable), unreachable: view(split.unreachable), reminded: view(reminded) };
}

export async function unreachable(input: TUnreachableInput, ctx: ActionContext): Promise<TUnreachableOutput> {
  return (await audience(input, ctx)).unreachable;
}

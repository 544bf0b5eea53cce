import type {
  TCreditsOutput,
  TSubscribeInput,
  TSubscribeOutput,
  TTemplatesOutput,
} from '../../../types/reminder';
import { TEMPLATE_KEYS } from '../../../types/reminder';
import { templateIdFor, templatesConfig } from '../../core/domain/reminder';
import { addCredits, getCredits } from '../../core/repos/credits';
import type { MemberCaller } from '../../core/auth/caller';
import type { ActionContext } from '../../core/router';

/** +1 credit per accepted key (unknown keys were refused by the schema: INVALID_ARGUMENT). */
export async function subscribe(
  input: TSubscribeInput,
  ctx: ActionContext<MemberCaller>,
): Promise<TSubscribeOutput> {
  const id = ctx.caller.member.id;
  if (input.accepted.length === 0) return { credits: await getCredits(id) };
  return { credits: await addCredits(id, input.accepted, ctx.now) };
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

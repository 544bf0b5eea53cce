import type {
  TCreditsOutput,
  TSubscribeInput,
  TSubscribeOutput,
  TTemplatesOutput,
} from '../../../types/reminder';
import { TEMPLATE_KEYS } from '../../../types/reminder';
import { templateIdFor, templatesConfig } from '../../core/domain/reminder';
import { DomainError } from '../../core/errors';
import { addCredits, getCredits } from '../../core/repos/credits';
import type { ActionContext } from '../../core/router';

function memberId(ctx: ActionContext): string {
  // The policy admits active members only; this guards a future policy change.
  if (!ctx.caller.member || !ctx.caller.active) throw new DomainError('NOT_BOUND', 'no active member');
  return ctx.caller.member.id;
}

/** +1 credit per accepted key (unknown keys were refused by the schema: INVALID_ARGUMENT). */
export async function subscribe(input: TSubscribeInput, ctx: ActionContext): Promise<TSubscribeOutput> {
  const id = memberId(ctx);
  if (input.accepted.length === 0) return { credits: await getCredits(id) };
  return { credits: await addCredits(id, input.accepted, ctx.now) };
}

export async function credits(_input: unknown, ctx: ActionContext): Promise<TCreditsOutput> {
  return { credits: await getCredits(memberId(ctx)) };
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

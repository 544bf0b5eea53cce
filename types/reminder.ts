import * as z from 'zod';
import { zId } from './common';
import { REMINDER_KINDS, TEMPLATE_KEYS, type ReminderKind, type TemplateKey } from './enums';

/**
 * reminder: meeting reminders by WeChat subscribe message, with the server's own credit ledger
 * (nobody can ask WeChat how many one-time consents are left). Flow: docs/reminders.md.
 */

export { REMINDER_KINDS, TEMPLATE_KEYS, type ReminderKind, type TemplateKey };

export type TCredits = { [templateKey: string]: number };

// ---- subscribe / credits ------------------------------------------------------------------------
/**
 * Keys the user accepted in `wx.requestSubscribeMessage` (an empty list answers the current credits).
 * An unknown key is refused with INVALID_ARGUMENT (`payload.accepted.<i>`): a client sending one has a
 * configuration the server does not know, and silently dropping it would hide that.
 */
export const ZSubscribeInput = z.object({ accepted: z.array(z.enum(TEMPLATE_KEYS)).max(10) }).strict();
export type TSubscribeInput = z.infer<typeof ZSubscribeInput>;
export interface TSubscribeOutput {
  credits: TCredits;
}

export const ZCreditsInput = z.object({}).strict();
export type TCreditsInput = z.infer<typeof ZCreditsInput>;
export interface TCreditsOutput {
  credits: TCredits;
}

/** The WeChat template id of every key (from the `APP_TEMPLATE_*` environment), for `requestSubscribeMessage`. */
export const ZTemplatesInput = z.object({}).strict();
export type TTemplatesInput = z.infer<typeof ZTemplatesInput>;
export interface TTemplatesOutput {
  templates: { key: TemplateKey; id: string; title: string }[];
}

// ---- secretary side -----------------------------------------------------------------------------
export interface TReminderMember {
  memberId: string;
  name: string;
  /** Phone for a call, visible to the branch secretary and admins only. */
  phone?: string | null;
}

export const ZUnreachableInput = z.object({ activityId: zId }).strict();
export type TUnreachableInput = z.infer<typeof ZUnreachableInput>;
export type TUnreachableOutput = TReminderMember[];

/** Who will be reminded and who cannot be (no credit). */
export const ZAudienceInput = z.object({ activityId: zId }).strict();
export type TAudienceInput = z.infer<typeof ZAudienceInput>;
export interface TAudienceOutput {
  reachable: TReminderMember[];
  unreachable: TReminderMember[];
  /** expected members a reminder of this activity already reached (any kind, WeChat answered ok) */
  reminded?: TReminderMember[];
}

/** "催一下": remind expected members not yet checked in; rate-limited per activity (RATE_LIMITED). */
export const ZNudgeInput = z.object({ activityId: zId }).strict();
export type TNudgeInput = z.infer<typeof ZNudgeInput>;
export interface TNudgeOutput {
  sent: number;
  unreachable: number;
}

// ---- timer trigger ------------------------------------------------------------------------------
export interface TDispatchOutput {
  sent: number;
  skipped: number;
  failed: number;
  /** due but left for the next run because this run's time budget ran out */
  deferred?: number;
  /** rounds (activity × kind) owed but not taken up by this run: the next run does */
  roundsLeft?: number;
}

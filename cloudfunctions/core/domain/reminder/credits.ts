import { TEMPLATE_KEYS, type TCredits, type TemplateKey } from '../../../../types/reminder';

/**
 * The subscribe-message credit ledger (per member × template key). WeChat grants one message per
 * accepted prompt and never says how many are left, so the server counts: +1 per acceptance, −1 per
 * successful send, 0 when WeChat answers 43101 (refused / nothing left). Never below zero. The
 * repository applies these inside a transaction on the member's ledger document.
 */

export const ERRCODE_REFUSED = 43101;

/**
 * Most consents the ledger believes a person holds per template (security/REVIEW.md S-27). Each
 * consent is one tap on a WeChat prompt the app shows at a few moments (opening an activity,
 * checking in); a member spends about two per meeting (day before, hour before). 20 covers ten
 * meetings ahead — more than anyone plausibly grants — and keeps a scripted client from claiming
 * thousands (the ledger then lies to `unreachable` and to the dispatch, until WeChat's 43101).
 */
export const MAX_CREDITS_PER_TEMPLATE = 20;

export function creditOf(credits: TCredits | null | undefined, key: string): number {
  const n = credits?.[key];
  return typeof n === 'number' && Number.isFinite(n) && n > 0
    ? Math.min(Math.floor(n), MAX_CREDITS_PER_TEMPLATE)
    : 0;
}

/**
 * +1 for each accepted key the app knows, never above MAX_CREDITS_PER_TEMPLATE. A key listed twice
 * in one report is one acceptance (one tap on one prompt accepts each template once); unknown keys
 * are ignored, not refused.
 */
export function applySubscribe(
  credits: TCredits | null | undefined,
  acceptedKeys: readonly string[],
  known: readonly string[] = TEMPLATE_KEYS,
): { credits: TCredits; added: TemplateKey[]; ignored: string[] } {
  const next: TCredits = { ...(credits ?? {}) };
  const added: TemplateKey[] = [];
  const ignored: string[] = [];
  for (const key of new Set(acceptedKeys)) {
    if (!known.includes(key)) {
      ignored.push(key);
      continue;
    }
    next[key] = Math.min(creditOf(next, key) + 1, MAX_CREDITS_PER_TEMPLATE);
    added.push(key as TemplateKey);
  }
  return { credits: next, added, ignored };
}

export type SendResult = { ok: true } | { ok: false; errcode: number };

/** success −1 (not below 0); 43101 → 0; any other failure leaves the credit unused. */
export function afterSend(credits: TCredits | null | undefined, key: string, result: SendResult): TCredits {
  const next: TCredits = { ...(credits ?? {}) };
  const n = creditOf(next, key);
  if (result.ok) next[key] = Math.max(0, n - 1);
  else if (result.errcode === ERRCODE_REFUSED) next[key] = 0;
  else next[key] = n;
  return next;
}

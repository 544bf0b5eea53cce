/**
 * The hours ledger (docs/volunteer.md "Kinds and the ledger"): entries of kind verified / added /
 * reported, each with a status; a correction is a new entry that supersedes the old one (both stay).
 * Totals sum confirmed entries only. Pure.
 */
import type { HoursKind, HoursStatus, THoursRules, THoursTotals } from '../../../../types/volunteer';
import { fromCh, hoursFromStay, underDailyCap, type EventSpan, type StayOutcome } from './hours';

export interface LedgerEntry {
  kind: HoursKind;
  status: HoursStatus;
  /** hundredths of an hour */
  ch: number;
  memberId: string;
}

export function totalsOf(entries: readonly Pick<LedgerEntry, 'kind' | 'status' | 'ch'>[]): THoursTotals {
  const ch = { verified: 0, added: 0, reported: 0 };
  for (const e of entries) if (e.status === 'confirmed') ch[e.kind] += e.ch;
  return {
    verified: fromCh(ch.verified),
    added: fromCh(ch.added),
    reported: fromCh(ch.reported),
    total: fromCh(ch.verified + ch.added + ch.reported),
  };
}

/** What the check-in record says, as far as hours care. */
export interface StayRecord {
  status: string;
  checkedInAt: number;
  checkedOutAt?: number | null;
  durationVerified?: boolean | null;
  flags?: readonly string[];
  checkoutFlags?: readonly string[];
}

export interface Proposal {
  outcome: StayOutcome;
  /** hundredths proposed after the daily cap */
  ch: number;
  flags: string[];
  /** credited without a leader (rules.confirmRequired false and nothing to look at) */
  autoConfirm: boolean;
}

/**
 * The proposal for one stay: hours under the rules and the daily cap, and why a leader must look.
 * A stay without check-out, an unverified duration, a pending or flagged check-in is never credited
 * automatically; a stay below the minimum share proposes 0 (the leader sees why).
 */
export function proposeFromStay(
  event: EventSpan,
  record: StayRecord,
  rules: THoursRules,
  usedThatDayCh: number,
): Proposal {
  const outcome = hoursFromStay(
    event,
    { checkedInAt: record.checkedInAt, checkedOutAt: record.checkedOutAt ?? null },
    rules,
  );
  const flags: string[] = [];
  if (outcome.kind === 'no_checkout') flags.push('no_checkout');
  else if (record.durationVerified !== true) flags.push('duration_unverified');
  if (outcome.kind === 'below_min_stay') flags.push('below_min_stay');
  if (record.status === 'pending') flags.push('checkin_pending');
  for (const f of [...(record.flags ?? []), ...(record.checkoutFlags ?? [])])
    if (!flags.includes(f)) flags.push(f);
  const ch = underDailyCap(outcome.ch, usedThatDayCh, rules);
  if (ch < outcome.ch) flags.push('daily_cap');
  const clean = flags.length === 0 && ch > 0;
  return { outcome, ch, flags, autoConfirm: clean && !rules.confirmRequired };
}

/** A leader decides an entry only when it is pending and not their own (another leader or an admin does). */
export function decisionRefusal(
  entry: { status: HoursStatus; memberId: string },
  deciderMemberId: string | null,
): null | 'FORBIDDEN' | 'CONFLICT' {
  if (deciderMemberId !== null && entry.memberId === deciderMemberId) return 'FORBIDDEN';
  if (entry.status !== 'pending') return 'CONFLICT';
  return null;
}

/** Clean: nothing for a human to weigh — the batch confirm takes these only. */
export function isClean(entry: { flags?: readonly string[]; ch: number }): boolean {
  return (entry.flags ?? []).length === 0 && entry.ch > 0;
}

/**
 * What a member holds at one event, for the events list: the confirmed hours if any entry is
 * confirmed (superseded ones no longer count), else the proposed hours awaiting a leader, else a
 * rejection (0 h); null without entries.
 */
export function eventHoursSummary(
  entries: readonly Pick<LedgerEntry, 'status' | 'ch'>[],
): { status: 'confirmed' | 'pending' | 'rejected'; hours: number } | null {
  const sum = (st: HoursStatus) => entries.filter((e) => e.status === st).reduce((s, e) => s + e.ch, 0);
  if (entries.some((e) => e.status === 'confirmed'))
    return { status: 'confirmed', hours: fromCh(sum('confirmed')) };
  if (entries.some((e) => e.status === 'pending'))
    return { status: 'pending', hours: fromCh(sum('pending')) };
  if (entries.some((e) => e.status === 'rejected')) return { status: 'rejected', hours: 0 };
  return null;
}

import { CODE_PERIOD_DEFAULT_SEC, type TActivity, type TCheckinPolicy } from '../../../../types/activity';

/**
 * An activity's check-in settings as stored (`activities.checkin`, core/repos/activities.ts): the
 * fields the contract answers (`TActivity['checkin']`, types/activity.ts), except that the window
 * bounds are stored only when the organiser chose them; otherwise the window follows the start
 * (domain/window.ts defaults).
 */
export type CheckinSettings = Omit<TActivity['checkin'], 'opensAt' | 'closesAt'> & {
  opensAt?: number | null;
  closesAt?: number | null;
};

/**
 * The check-in settings a new activity starts with: what the organiser chose, the rest by default —
 * a site means a fence to check, so location is required unless the organiser opts out; `risk`
 * sends every flagged check-in to review; 15 s codes; check-out as `defaults.checkOut` (off for
 * meetings, on for 先锋领航 events, whose hours come from the stay). The offline limits are kept
 * only when chosen.
 */
export function checkinSettings(
  c: TCheckinPolicy,
  defaults: { hasSite: boolean; checkOut: boolean },
): CheckinSettings {
  const s: CheckinSettings = {
    opensAt: c.opensAt ?? null,
    closesAt: c.closesAt ?? null,
    proof: c.proof,
    requireLocation: c.requireLocation ?? defaults.hasSite,
    approval: c.approval ?? 'risk',
    codePeriodSec: c.codePeriodSec ?? CODE_PERIOD_DEFAULT_SEC,
    checkOut: c.checkOut ?? defaults.checkOut,
  };
  if (c.offlineGraceSec !== undefined) s.offlineGraceSec = c.offlineGraceSec;
  if (c.maxOfflineSec !== undefined) s.maxOfflineSec = c.maxOfflineSec;
  return s;
}

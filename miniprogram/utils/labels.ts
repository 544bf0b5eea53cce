import type { MemberStatus, MyActivityStatus, RequestStatus, CheckinStatus } from '@contract/enums';
import {
  CHECKIN_STATUS_LABELS,
  MEMBER_STATUS_LABELS as MEMBER_STATUS_TEXT,
  MY_STATUS_LABELS as MY_STATUS_TEXT,
  REQUEST_STATUS_LABELS as REQUEST_STATUS_TEXT,
} from '@contract/labels';
import type { BadgeTone } from '@/components/ListItem';

/**
 * The pages' labels: the Chinese names are the shared tables of types/labels.ts (also read by the
 * export and the reminder messages); this file only adds how a status looks (its badge tone).
 */
export * from '@contract/labels';

export interface ToneLabel {
  text: string;
  tone: BadgeTone;
}

function withTones<K extends string>(
  text: Record<K, string>,
  tones: Record<K, BadgeTone>,
): Record<K, ToneLabel> {
  const out = {} as Record<K, ToneLabel>;
  for (const k of Object.keys(text) as K[]) out[k] = { text: text[k], tone: tones[k] };
  return out;
}

export const MEMBER_STATUS_BADGES = withTones<MemberStatus>(MEMBER_STATUS_TEXT, {
  unbound: 'default',
  pending: 'warning',
  active: 'success',
  left: 'default',
});

export const MY_STATUS_BADGES = withTones<MyActivityStatus>(MY_STATUS_TEXT, {
  not_expected: 'default',
  upcoming: 'default',
  open: 'primary',
  checked_in: 'success',
  pending: 'warning',
  rejected: 'danger',
  leave_pending: 'warning',
  on_leave: 'default',
  makeup_pending: 'warning',
  absent: 'danger',
  cancelled: 'default',
});

export const REQUEST_STATUS_BADGES = withTones<RequestStatus>(REQUEST_STATUS_TEXT, {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  revoked: 'default',
  withdrawn: 'default',
});

export const CHECKIN_STATUS_BADGES = withTones<CheckinStatus | 'revoked'>(CHECKIN_STATUS_LABELS, {
  approved: 'success',
  pending: 'warning',
  rejected: 'danger',
  revoked: 'default',
});

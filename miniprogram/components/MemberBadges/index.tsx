import type { MemberStatus, Role } from '@contract/enums';
import { MEMBER_STATUS_BADGES, ROLE_LABELS } from '@/utils/labels';
import { Badge } from '../ListItem';

/**
 * A member's badges: the roles beyond 党员, a request to leave (with `quit`), and the status (with
 * `usualStatus` also 正常) — the same on every list of people (branch, members, roles, demo login).
 */
export default function MemberBadges({
  m,
  quit = true,
  usualStatus = true,
}: {
  m: { roles: readonly Role[]; status: MemberStatus | null; quitRequestedAt?: number | null };
  quit?: boolean;
  usualStatus?: boolean;
}) {
  const s = m.status && (usualStatus || m.status !== 'active') ? MEMBER_STATUS_BADGES[m.status] : null;
  return (
    <>
      {m.roles
        .filter((r) => r !== 'member')
        .map((r) => (
          <Badge key={r} tone="primary">
            {ROLE_LABELS[r]}
          </Badge>
        ))}
      {quit && m.quitRequestedAt ? <Badge tone="danger">申请注销</Badge> : null}
      {s ? <Badge tone={s.tone}>{s.text}</Badge> : null}
    </>
  );
}

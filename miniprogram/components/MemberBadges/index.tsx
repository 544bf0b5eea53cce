import type { TMemberRow } from '@contract/member';
import { MEMBER_STATUS_BADGES, ROLE_LABELS } from '@/utils/labels';
import { Badge } from '../ListItem';

/**
 * A roster row's badges: its roles beyond 党员, a request to leave (with `quit`), and its status —
 * the same on every list of members (branch, members, roles).
 */
export default function MemberBadges({
  m,
  quit = true,
}: {
  m: Pick<TMemberRow, 'roles' | 'status' | 'quitRequestedAt'>;
  quit?: boolean;
}) {
  const s = MEMBER_STATUS_BADGES[m.status];
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
      <Badge tone={s.tone}>{s.text}</Badge>
    </>
  );
}

import { Card, ListItem } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { shanghai } from '@/utils/time';

/**
 * For a member (not the secretary) holding an active delegation of the branch's attendance
 * approval: the way into the queue while it runs. Renders nothing otherwise (or when the lookup
 * fails: the queue itself would refuse anyway).
 */
export default function DelegateEntry() {
  const { data } = useLoad(() => callApi('attendance', 'listDelegations', {}), []);
  const active = data?.find((d) => d.status === 'active');
  if (!active) return null;
  const until = shanghai(active.to - 1).format('M月D日');
  return (
    <Card title="受托审批">
      <ListItem
        title="出勤审核"
        description={`${active.fromName ?? '支部书记'}委托你审核签到、请假和补签，至 ${until}`}
        onClick={() => go(ROUTES.attendanceQueue)}
      />
      <ListItem
        title="委托详情"
        description="委托人、起止日期"
        onClick={() => go(ROUTES.secretaryDelegation)}
      />
    </Card>
  );
}

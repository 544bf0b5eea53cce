import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Card, Loaded } from '@/components';
import MoreFooter from '@/components/MoreFooter';
import { useLoad } from '@/hooks/useLoad';
import { useMore } from '@/hooks/useMore';
import { callApi } from '@/services/api';
import type { AuditTarget } from '@contract/enums';
import {
  ACTIVITY_STATUS_LABELS,
  AUDIT_ACTION_LABELS,
  AUDIT_TARGET_LABELS,
  CHECKIN_STATUS_LABELS,
  DELEGATION_STATUS_LABELS,
  labelOf,
  MEMBER_STATUS_LABELS,
  MINUTES_STATUS_LABELS,
  REQUEST_STATUS_LABELS,
} from '@/utils/labels';
import { formatDateTime } from '@/utils/time';
import { useAttendanceScope } from '../../lib/scope';
import '../../lib/shared.scss';
import './index.scss';

const PAGE = 50;

/** The status a before/after snapshot holds, named by the table of its target's kind. */
function statusText(target: AuditTarget, v: unknown): string | null {
  const s = (v as { status?: string } | null | undefined)?.status;
  if (!s) return null;
  const table = STATUS_LABELS_BY_TARGET[target];
  return table ? labelOf(table, s, '其他') : '其他';
}
const STATUS_LABELS_BY_TARGET: Partial<Record<AuditTarget, Record<string, string>>> = {
  checkin: CHECKIN_STATUS_LABELS,
  leave: REQUEST_STATUS_LABELS,
  makeup: REQUEST_STATUS_LABELS,
  minutes: MINUTES_STATUS_LABELS,
  activity: ACTIVITY_STATUS_LABELS,
  member: MEMBER_STATUS_LABELS,
  delegation: DELEGATION_STATUS_LABELS,
};

/**
 * The audit trail (`?activityId=` for one activity, else the branch): who changed what, when, from
 * what to what, and why — newest first. Nothing is ever deleted, so this is the whole story.
 */
export default function AuditPage() {
  const scope = useAttendanceScope();
  const { activityId } = useRouter().params;
  const [more, setMore] = useState(false);
  const where = activityId ? { activityId } : scope.branchId ? { branchId: scope.branchId } : {};
  const audit = useLoad(
    async () => {
      const data = await callApi('attendance', 'audit', { ...where, limit: PAGE });
      setMore(data.length === PAGE);
      return data;
    },
    [activityId, scope.branchId],
    { enabled: !scope.gate },
  );
  /** The next page after the last entry shown (cursor: its time and id). */
  const { more: paging, loadMore } = useMore(audit, async (list) => {
    const last = list[list.length - 1];
    if (!last) return (x) => x;
    const data = await callApi('attendance', 'audit', {
      ...where,
      limit: PAGE,
      before: last.at,
      beforeId: last.id,
    });
    setMore(data.length === PAGE);
    return (x) => [...x, ...data];
  });

  if (scope.gate) return <View className="page">{scope.gate}</View>;
  return (
    <View className="page audit">
      <Text className="section-title">
        {activityId ? '本次活动的全部操作' : '本支部的全部操作'}（不可删除）
      </Text>
      <Loaded load={audit.load} onRetry={() => void audit.reload()} emptyText="还没有操作记录">
        {(entries) => (
          <Card>
            {entries.map((e) => {
              const b = statusText(e.targetType, e.before);
              const a = statusText(e.targetType, e.after);
              return (
                <View key={e.id} className="audit__row">
                  <View className="audit__head">
                    <Text className="audit__who">
                      {e.actorRole === 'applicant'
                        ? `申请人 ${e.actorName ?? ''}`
                        : (e.actorName ?? (e.actorRole === 'admin' ? '管理员' : '成员'))}
                      {e.onBehalfOf ? (
                        <Text className="muted">（受 {e.onBehalfOfName ?? '书记'} 委托）</Text>
                      ) : null}
                    </Text>
                    <Text className="muted audit__time">{formatDateTime(e.at)}</Text>
                  </View>
                  <Text className="audit__what">
                    {labelOf(AUDIT_ACTION_LABELS, e.action, '操作')} ·{' '}
                    {e.targetType === 'member' && e.targetName
                      ? `成员 ${e.targetName}`
                      : `${e.targetName ? `${e.targetName}的` : ''}${labelOf(AUDIT_TARGET_LABELS, e.targetType, '记录')}`}
                    {b || a ? `：${b ?? '—'} → ${a ?? '—'}` : ''}
                  </Text>
                  {e.reason ? <Text className="audit__reason">原因：{e.reason}</Text> : null}
                </View>
              );
            })}
          </Card>
        )}
      </Loaded>
      {audit.data?.length ? (
        <MoreFooter
          more={paging}
          hasMore={more}
          shown={audit.data.length}
          onMore={() => void loadMore()}
          endText={`已显示全部 ${audit.data.length} 条操作`}
        />
      ) : null}
    </View>
  );
}

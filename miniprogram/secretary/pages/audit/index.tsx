import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TAuditEntry } from '@contract/attendance';
import { Button, Card, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
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
import { useAttendanceScope, type Load } from '../queue/shared';
import './index.scss';

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
  const [load, setLoad] = useState<Load<TAuditEntry[]>>({ state: 'loading' });
  const [more, setMore] = useState(false);

  const fetchPage = useCallback(
    (last?: { at: number; id: string }) => {
      if (scope.gate) return;
      const before = last?.at;
      if (!before) setLoad({ state: 'loading' });
      const payload = {
        ...(activityId ? { activityId } : scope.branchId ? { branchId: scope.branchId } : {}),
        limit: 50,
        ...(last ? { before: last.at, beforeId: last.id } : {}),
      };
      callApi('attendance', 'audit', payload)
        .then((data) => {
          setLoad((l) => ({
            state: 'ready',
            data: before && l.state === 'ready' ? [...l.data, ...data] : data,
          }));
          setMore(data.length === 50);
        })
        .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
    },
    [activityId, scope.branchId, scope.gate],
  );
  useEffect(() => fetchPage(), [fetchPage]);

  if (scope.gate) return <View className="page">{scope.gate}</View>;
  return (
    <View className="page audit">
      <Text className="section-title">
        {activityId ? '本次活动的全部操作' : '本支部的全部操作'}（不可删除）
      </Text>
      {load.state === 'loading' ? <StateView state="loading" /> : null}
      {load.state === 'error' ? (
        <StateView state="error" text={load.message} onRetry={() => fetchPage()} />
      ) : null}
      {load.state === 'ready' && load.data.length === 0 ? (
        <StateView state="empty" text="还没有操作记录" />
      ) : null}
      {load.state === 'ready' && load.data.length > 0 ? (
        <Card>
          {load.data.map((e) => {
            const b = statusText(e.targetType, e.before);
            const a = statusText(e.targetType, e.after);
            return (
              <View key={e.id} className="audit__row">
                <View className="audit__head">
                  <Text className="audit__who">
                    {e.actorName ?? (e.actor.startsWith('openid:') ? '管理员' : e.actor)}
                    {e.onBehalfOf ? (
                      <Text className="muted">（受 {e.onBehalfOfName ?? '书记'} 委托）</Text>
                    ) : null}
                  </Text>
                  <Text className="muted audit__time">{formatDateTime(e.at)}</Text>
                </View>
                <Text className="audit__what">
                  {labelOf(AUDIT_ACTION_LABELS, e.action, '操作')} · {e.targetName ? `${e.targetName}的` : ''}
                  {labelOf(AUDIT_TARGET_LABELS, e.targetType, '记录')}
                  {b || a ? `：${b ?? '—'} → ${a ?? '—'}` : ''}
                </Text>
                {e.reason ? <Text className="audit__reason">原因：{e.reason}</Text> : null}
              </View>
            );
          })}
        </Card>
      ) : null}
      {more && load.state === 'ready' ? (
        <Button block type="secondary" onClick={() => fetchPage(load.data[load.data.length - 1])}>
          加载更多
        </Button>
      ) : null}
    </View>
  );
}

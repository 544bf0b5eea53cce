import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TAuditEntry } from '@contract/attendance';
import { Button, Card, StateView } from '@/components';
import { KIND_LABELS, REQUEST_STATUS_LABELS } from '@/components/RequestPanel/labels';
import { callApi, errorText } from '@/services/api';
import { MEMBER_STATUS_LABELS } from '@/utils/labels';
import { formatDateTime } from '@/utils/time';
import { useAttendanceScope, type Load } from '../queue/shared';
import './index.scss';

const ACTION_LABELS: Record<string, string> = {
  'review.approve': '通过',
  'review.reject': '驳回',
  'review.undo': '撤销通过',
  'request.leave': '提交请假',
  'request.makeup': '提交补签',
  'checkin.manualAdd': '补录出勤',
  'minutes.save': '保存会议记录',
  'minutes.complete': '完成会议记录',
  'delegation.create': '委托审批',
  'delegation.revoke': '收回委托',
  'activity.create': '创建活动',
  'activity.update': '修改活动',
  'activity.cancel': '取消活动',
  'site.create': '新建场所',
  'site.update': '修改场所',
  'checkin.flag': '签到风险提示',
  'attendance.export': '导出出勤表',
  'reminder.nudge': '催签到',
  'member.createBranch': '新建支部',
  'member.updateBranch': '修改支部',
  'member.importRoster': '导入花名册',
  'member.bind': '申请绑定',
  'member.reviewBinding': '审核绑定',
  'member.review': '审核绑定',
  'member.setRoles': '设置角色',
  'member.unbind': '解除绑定',
  'member.requestDeletion': '申请注销',
  'member.completeDeletion': '完成注销',
};
const TARGET_LABELS: Record<string, string> = {
  ...KIND_LABELS,
  minutes: '会议记录',
  delegation: '委托',
  activity: '活动',
  site: '场所',
  branch: '支部',
  member: '成员',
  checkin: '签到',
  export: '出勤表',
};
const OTHER_STATUS: Record<string, string> = {
  draft: '草稿',
  complete: '已完成',
  scheduled: '已安排',
  cancelled: '已取消',
};

function statusText(v: unknown): string | null {
  const s = (v as { status?: string } | null | undefined)?.status;
  if (!s) return null;
  return (
    (REQUEST_STATUS_LABELS as Record<string, { text: string }>)[s]?.text ??
    OTHER_STATUS[s] ??
    (MEMBER_STATUS_LABELS as Record<string, { text: string }>)[s]?.text ??
    '其他'
  );
}

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
            const b = statusText(e.before);
            const a = statusText(e.after);
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
                  {ACTION_LABELS[e.action] ?? '操作'} · {e.targetName ? `${e.targetName}的` : ''}
                  {TARGET_LABELS[e.targetType] ?? '记录'}
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

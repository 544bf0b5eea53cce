import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { callApi } from '@/services/api';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { formatDateTime } from '@/utils/time';
import { Badge } from '../ListItem';
import Button from '../Button';
import Card from '../Card';
import { ReasonField } from '../Form';
import Loaded from '../Loaded';
import RemindMe from '../RemindMe';
import { QUEUE_KIND_LABELS, REQUEST_STATUS_BADGES } from '@/utils/labels';
import './index.scss';

export interface RequestPanelProps {
  activityId: string;
  /** epoch ms: before it a member asks for leave, after it for a make-up. */
  startAt: number;
  /** hide the panel's own card title */
  bare?: boolean;
}

const QUICK: Record<'leave' | 'makeup', string[]> = {
  leave: ['值班/排班冲突', '外出开会或进修', '身体不适', '家中有事'],
  makeup: ['到场后手机没电', '扫码时网络异常', '参加抢救迟到', '定位失败无法签到'],
};

/**
 * 请假 / 补签 for one activity, on the member's side: the member's own requests with the outcome
 * and the secretary's reason, and a form to ask (leave before the start, make-up after the check-in
 * window). The server decides the windows (LEAVE_TOO_LATE, MAKEUP_WINDOW_CLOSED) and says why.
 */
export default function RequestPanel({ activityId, startAt, bare }: RequestPanelProps) {
  const list = useLoad(() => callApi('attendance', 'myRequests', { activityId }), [activityId]);
  const [open, setOpen] = useState<'leave' | 'makeup' | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction();
  const error = action.msg?.text ?? null;
  const setError = (text: string | null) => action.setMsg(text ? { ok: false, text } : null);
  const [done, setDone] = useState<string | null>(null);

  const kind: 'leave' | 'makeup' = Date.now() < startAt ? 'leave' : 'makeup';
  const openOne = list.data?.find(
    (r) => r.kind === kind && (r.status === 'pending' || r.status === 'approved'),
  );

  /** 撤回 a pending request, after a confirmation that says what happens. */
  const withdraw = async (id: string, what: string) => {
    const { confirm } = await Taro.showModal({
      title: `撤回${what}申请`,
      content: `撤回后书记不再审核这条申请。${what === '请假' ? '未请假又未到场将记为缺席；' : ''}需要时可以重新提交。`,
      confirmText: '撤回',
      cancelText: '不撤回',
      confirmColor: '#c8161d',
    });
    if (!confirm) return;
    await action.run(
      async () => {
        await callApi('attendance', 'withdrawRequest', { id });
        setDone(null);
        await list.reload({ quiet: true });
      },
      { key: id, toast: '已撤回' },
    );
  };

  const submit = async () => {
    const text = reason.trim();
    if (!text) {
      setError(kind === 'leave' ? '请填写请假理由' : '请填写补签理由');
      return;
    }
    await action.run(async () => {
      if (kind === 'leave') await callApi('attendance', 'requestLeave', { activityId, reason: text });
      else await callApi('attendance', 'requestMakeup', { activityId, reason: text });
      setOpen(null);
      setReason('');
      setDone(kind === 'leave' ? '请假申请已提交，等待支部书记审核' : '补签申请已提交，等待支部书记审核');
      void list.reload();
    });
  };

  return (
    <Card title={bare ? undefined : '请假 / 补签'} className="request-panel">
      <Loaded load={list.load} onRetry={() => void list.reload()} loadingText="正在加载我的申请…">
        {(requests) => (
          <>
            {requests.length === 0 && !open ? (
              <Text className="muted request-panel__hint">
                {kind === 'leave'
                  ? '不能参加？请在活动开始前请假。'
                  : '到场但没能签到？可在签到结束后 3 天内申请补签。'}
              </Text>
            ) : null}
            {requests.map((r) => {
              const s = REQUEST_STATUS_BADGES[r.status];
              return (
                <View key={r.id} className="request-panel__item">
                  <View className="request-panel__row">
                    <Text className="request-panel__kind">{QUEUE_KIND_LABELS[r.kind]}申请</Text>
                    <Badge tone={s.tone}>{s.text}</Badge>
                  </View>
                  <Text className="request-panel__line">理由：{r.reason}</Text>
                  {r.reviewReason ? (
                    <Text className="request-panel__line request-panel__review">
                      书记意见：{r.reviewReason}
                    </Text>
                  ) : null}
                  <Text className="request-panel__time muted">
                    提交于 {formatDateTime(r.createdAt)}
                    {r.decidedAt
                      ? ` · ${r.status === 'withdrawn' ? '撤回于' : '处理于'} ${formatDateTime(r.decidedAt)}`
                      : ''}
                  </Text>
                  {r.status === 'pending' ? (
                    <Button
                      type="secondary"
                      size="small"
                      className="request-panel__withdraw"
                      loading={action.running === r.id}
                      onClick={() => void withdraw(r.id, QUEUE_KIND_LABELS[r.kind])}
                    >
                      撤回申请
                    </Button>
                  ) : null}
                </View>
              );
            })}
          </>
        )}
      </Loaded>
      {done ? <Text className="request-panel__done">{done}</Text> : null}
      {done && kind === 'leave' ? <RemindMe variant="card" /> : null}
      {open ? (
        <View className="request-panel__form">
          <ReasonField
            label={kind === 'leave' ? '请假理由' : '补签理由'}
            quick={QUICK[kind]}
            value={reason}
            onChange={setReason}
            placeholder="也可以自己填写（200 字以内）"
            error={error}
          />
          <View className="request-panel__actions">
            <Button
              type="secondary"
              onClick={() => {
                setOpen(null);
                setError(null);
              }}
            >
              取消
            </Button>
            <Button loading={action.busy} onClick={() => void submit()}>
              提交
            </Button>
          </View>
        </View>
      ) : list.data && !openOne ? (
        <>
          {error ? <Text className="request-panel__error">{error}</Text> : null}
          <Button
            block
            type="secondary"
            className="request-panel__open"
            onClick={() => {
              setOpen(kind);
              setDone(null);
            }}
          >
            {kind === 'leave' ? '我要请假' : '申请补签'}
          </Button>
        </>
      ) : null}
    </Card>
  );
}

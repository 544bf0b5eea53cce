import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TConfirmHoursResult, THoursQueueItem, TTeamMember } from '@contract/volunteer';
import { FLAG_LABELS, HOURS_FLAG_LABELS, HOURS_KIND_LABELS, labelOf } from '@contract/labels';
import { Badge, Button, Card, ListItem, Loaded, StateView, TextField } from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { formatDateTime } from '@/utils/time';
import { hoursText } from '../../lib';
import './index.scss';

const flagText = (f: string) => labelOf(HOURS_FLAG_LABELS, f) || labelOf(FLAG_LABELS, f, '需人工核对');
const RESULT_TEXT: Record<string, string> = {
  FORBIDDEN: '不能确认（本人时长须由其他队长确认）',
  CONFLICT: '已被处理',
  INVALID_ARGUMENT: '需要填写说明',
  HOURS_EXCEED_EVENT: '超过活动时长',
  DAILY_CAP_EXCEEDED: '当天已达上限',
};

/**
 * The leader's queue: proposed hours (check-in/out times, flags, evidence) and join requests in one
 * place. "全部确认" takes the clean items only; a flagged item is decided one by one with a reason;
 * the answer is per item.
 */
export default function QueuePage() {
  const { teamId = '', activityId } = useRouter().params;
  const queue = useLoad<QueueData>(
    async () => {
      const [items, members] = await Promise.all([
        callApi('volunteer', 'hoursQueue', activityId ? { teamId, activityId } : { teamId }),
        callApi('volunteer', 'teamMembers', { teamId }),
      ]);
      return { items, joinRequests: members.filter((m) => m.status === 'pending') };
    },
    [teamId, activityId],
    { when: 'show' },
  );
  return (
    <Loaded load={queue.load} onRetry={() => void queue.reload()} loadingText="正在加载待办…">
      {(d) => <Queue {...d} teamId={teamId} reload={() => void queue.reload({ quiet: true })} />}
    </Loaded>
  );
}

interface QueueData {
  items: THoursQueueItem[];
  joinRequests: TTeamMember[];
}

function Queue({ items, joinRequests, teamId, reload }: QueueData & { teamId: string; reload: () => void }) {
  const { running: busy, msg: summary, run } = useAction();
  const [results, setResults] = useState<Record<string, TConfirmHoursResult>>({});
  const [open, setOpen] = useState('');
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState('');

  const decide = async (
    items: { id: string; decision: 'approve' | 'reject'; hours?: number; reason?: string }[],
    key: string,
  ) =>
    run(
      async () => {
        const res = await callApi('volunteer', 'confirmHours', { items });
        setResults((r) => ({ ...r, ...Object.fromEntries(res.map((x) => [x.id, x])) }));
        setOpen('');
        return res;
      },
      {
        key,
        ok: (res) => {
          const okN = res.filter((x) => x.ok).length;
          return `已处理 ${okN} 条${res.length > okN ? `，${res.length - okN} 条未通过（见下方）` : ''}`;
        },
      },
    );
  const join = (memberId: string, decision: 'approve' | 'reject') =>
    run(
      async () => {
        await callApi('volunteer', 'reviewJoin', {
          teamId,
          memberId,
          decision,
          ...(decision === 'reject' ? { reason: '暂不接收' } : {}),
        });
        reload();
      },
      { key: `join:${memberId}` },
    );

  const pending = items.filter((i) => !results[i.id]?.ok);
  const clean = pending.filter((i) => i.clean);

  const row = (i: THoursQueueItem) => {
    const r = results[i.id];
    const lines = [
      `${i.memberName} · ${HOURS_KIND_LABELS[i.kind]} · ${formatDateTime(i.date)}`,
      i.checkinAt
        ? `签到 ${formatDateTime(i.checkinAt)}${i.checkoutAt ? ` · 签退 ${formatDateTime(i.checkoutAt)}` : ' · 未签退'}`
        : '',
      i.description ? `内容：${i.description}` : '',
      i.reason ? `说明：${i.reason}` : '',
    ].filter(Boolean);
    return (
      <View key={i.id} className="vqueue__item">
        <ListItem
          title={i.title}
          description={lines.join('\n')}
          extra={<Text className="vqueue__hours">{hoursText(i.proposedHours)}</Text>}
          onClick={
            i.own || r?.ok
              ? undefined
              : () => (setOpen(open === i.id ? '' : i.id), setReason(''), setHours(String(i.proposedHours)))
          }
        />
        <View className="vqueue__flags">
          {i.own ? <Badge tone="warning">本人时长，须其他队长确认</Badge> : null}
          {i.flags.map((f) => (
            <Badge key={f} tone="danger">
              {flagText(f)}
            </Badge>
          ))}
        </View>
        {i.evidenceUrls?.length ? (
          <View className="vqueue__photos">
            {i.evidenceUrls.map((u) => (
              <Image key={u} className="vqueue__photo" src={u} mode="aspectFill" />
            ))}
          </View>
        ) : null}
        {r ? (
          <Text className={r.ok ? 'vqueue__ok' : 'vqueue__bad'}>
            {r.ok
              ? r.status === 'confirmed'
                ? `已确认 ${hoursText(r.hours ?? 0)}`
                : '已驳回'
              : (RESULT_TEXT[r.code ?? ''] ?? '未处理')}
          </Text>
        ) : null}
        {open === i.id ? (
          <View className="vqueue__decide">
            <TextField label="确认时长（小时）" type="digit" value={hours} onChange={setHours} />
            <TextField label="说明（调整、驳回或有提示时必填）" value={reason} onChange={setReason} />
            <View className="vqueue__buttons">
              <Button
                loading={busy === i.id}
                disabled={(!i.clean || Number(hours) !== i.proposedHours) && !reason.trim()}
                onClick={() =>
                  void decide(
                    [
                      {
                        id: i.id,
                        decision: 'approve',
                        ...(Number(hours) !== i.proposedHours ? { hours: Number(hours) } : {}),
                        ...(reason.trim() ? { reason: reason.trim() } : {}),
                      },
                    ],
                    i.id,
                  )
                }
              >
                确认
              </Button>
              <Button
                type="secondary"
                disabled={!reason.trim()}
                onClick={() => void decide([{ id: i.id, decision: 'reject', reason: reason.trim() }], i.id)}
              >
                驳回
              </Button>
            </View>
          </View>
        ) : null}
      </View>
    );
  };

  return (
    <View className="page vqueue">
      {summary ? <Text className="vqueue__summary">{summary.text}</Text> : null}
      <Card title="入队申请" extra={<Badge>{joinRequests.length}</Badge>}>
        {joinRequests.length === 0 ? <StateView state="empty" text="没有待审核的入队申请" /> : null}
        {joinRequests.map((j) => (
          <ListItem
            key={j.memberId}
            title={j.name}
            description={`${j.branchName ?? ''} · ${formatDateTime(j.requestedAt)}`}
            arrow={false}
            extra={
              <View className="vqueue__buttons">
                <Button
                  size="small"
                  loading={busy === `join:${j.memberId}`}
                  onClick={() => void join(j.memberId, 'approve')}
                >
                  同意
                </Button>
                <Button size="small" type="secondary" onClick={() => void join(j.memberId, 'reject')}>
                  拒绝
                </Button>
              </View>
            }
          />
        ))}
      </Card>
      <Card title="待确认时长" extra={<Badge>{pending.length}</Badge>}>
        {clean.length > 0 ? (
          <Button
            block
            loading={busy === 'batch'}
            onClick={() =>
              void decide(
                clean.map((i) => ({ id: i.id, decision: 'approve' as const })),
                'batch',
              )
            }
          >
            全部确认无异常的 {clean.length} 条
          </Button>
        ) : null}
        {items.length === 0 ? <StateView state="empty" text="没有待确认的时长" /> : null}
        {items.map(row)}
      </Card>
    </View>
  );
}

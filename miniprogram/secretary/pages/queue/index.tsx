import { useCallback, useEffect, useMemo, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { QueueKind, TQueueItem, TReviewItemResult } from '@contract/attendance';
import { Badge, Button, StateView } from '@/components';
import { CHECKIN_METHOD_LABELS, FLAG_LABELS, QUEUE_KIND_LABELS } from '@/utils/labels';
import { callApi, errorText } from '@/services/api';
import { messageFor } from '@/services/error-messages';
import { formatDateTime } from '@/utils/time';
import { ReasonSheet, REJECT_REASONS, useAttendanceScope, type Load } from './shared';
import './index.scss';

type Kind = QueueKind | 'all';

/**
 * The secretary's one queue: pending check-ins (risk flags and the evidence), leave and make-up
 * requests, newest first, filterable by activity and kind. Tap 通过 / 驳回 on an item; tick unflagged
 * items and approve them together from the batch bar (flagged ones are decided one by one); a reject
 * asks for a reason (quick templates). Each item answers its own result.
 */
export default function QueuePage() {
  const scope = useAttendanceScope();
  const { branchId } = scope;
  const [load, setLoad] = useState<Load<TQueueItem[]>>({ state: 'loading' });
  const [activity, setActivity] = useState<string>('all');
  const [kind, setKind] = useState<Kind>('all');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<TQueueItem | null>(null);
  const [sheetError, setSheetError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const fetchQueue = useCallback(() => {
    if (!branchId) return;
    setLoad({ state: 'loading' });
    callApi('attendance', 'queue', { branchId })
      .then((data) => {
        setLoad({ state: 'ready', data });
        setSelected(new Set());
      })
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, [branchId]);
  useEffect(fetchQueue, [fetchQueue]);
  useDidShow(() => {
    if (load.state === 'ready') fetchQueue();
  });
  usePullDownRefresh(() => {
    fetchQueue();
    void Taro.stopPullDownRefresh();
  });

  const items = useMemo(() => (load.state === 'ready' ? load.data : []), [load]);
  const activities = useMemo(() => {
    const m = new Map<string, string>();
    for (const i of items) m.set(i.activityId, i.activityTitle ?? '活动');
    return [...m.entries()];
  }, [items]);
  const shown = items.filter(
    (i) => (activity === 'all' || i.activityId === activity) && (kind === 'all' || i.kind === kind),
  );
  const batchable = shown.filter((i) => i.flags.length === 0);
  const picked = shown.filter((i) => selected.has(i.id));

  /** Sends decisions; removes the items that were decided (also by someone else: CONFLICT). */
  const decide = async (
    decisions: { id: string; decision: 'approve' | 'reject'; reason?: string }[],
    tag: string,
  ) => {
    setBusy(tag);
    setNotice(null);
    try {
      const results: TReviewItemResult[] = await callApi('attendance', 'review', { items: decisions });
      const gone = new Set(results.filter((r) => r.ok || r.code === 'CONFLICT').map((r) => r.id));
      const failed = results.filter((r) => !r.ok);
      const okCount = results.filter((r) => r.ok).length;
      setLoad((l) =>
        l.state === 'ready' ? { state: 'ready', data: l.data.filter((i) => !gone.has(i.id)) } : l,
      );
      setSelected((s) => new Set([...s].filter((id) => !gone.has(id))));
      if (failed.length === 0) {
        void Taro.showToast({
          title: decisions[0].decision === 'approve' ? `已通过 ${okCount} 项` : '已驳回',
          icon: 'success',
        });
      } else {
        const why = failed.map((f) =>
          f.code === 'CONFLICT'
            ? '已被他人处理'
            : f.why === 'self_review'
              ? '本人的记录须由他人审核'
              : f.why === 'needs_individual_review'
                ? '有风险标记的须单独审核'
                : messageFor(f.code ?? 'INTERNAL'),
        );
        setNotice(`${okCount} 项已处理，${failed.length} 项未处理：${[...new Set(why)].join('；')}`);
      }
      return true;
    } catch (e) {
      setNotice(errorText(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  if (scope.gate) return <View className="page">{scope.gate}</View>;
  if (!branchId) {
    return (
      <View className="page">
        <StateView state="empty" text="请从支部管理进入（管理员需先选择支部）" />
      </View>
    );
  }

  return (
    <View className={`page queue${picked.length ? ' queue--batch' : ''}`}>
      <View className="chip-row">
        {(['all', 'checkin', 'leave', 'makeup'] as Kind[]).map((k) => (
          <View key={k} className={`chip${kind === k ? ' chip--on' : ''}`} onClick={() => setKind(k)}>
            {k === 'all' ? '全部' : QUEUE_KIND_LABELS[k]}
            {load.state === 'ready'
              ? ` ${k === 'all' ? items.length : items.filter((i) => i.kind === k).length}`
              : ''}
          </View>
        ))}
      </View>
      {activities.length > 1 ? (
        <View className="chip-row">
          <View className={`chip${activity === 'all' ? ' chip--on' : ''}`} onClick={() => setActivity('all')}>
            全部活动
          </View>
          {activities.map(([id, title]) => (
            <View
              key={id}
              className={`chip${activity === id ? ' chip--on' : ''}`}
              onClick={() => setActivity(id)}
            >
              {title}
            </View>
          ))}
        </View>
      ) : null}
      {notice ? <Text className="queue__notice">{notice}</Text> : null}
      {load.state === 'loading' ? <StateView state="loading" text="正在加载待审核事项…" /> : null}
      {load.state === 'error' ? <StateView state="error" text={load.message} onRetry={fetchQueue} /> : null}
      {load.state === 'ready' && shown.length === 0 ? (
        <StateView state="empty" text="没有待审核的事项" />
      ) : null}
      {shown.map((i) => (
        <QueueCard
          key={i.id}
          item={i}
          checked={selected.has(i.id)}
          busy={busy}
          onToggle={() =>
            setSelected((s) => {
              const n = new Set(s);
              if (n.has(i.id)) n.delete(i.id);
              else n.add(i.id);
              return n;
            })
          }
          onApprove={() => void decide([{ id: i.id, decision: 'approve' }], 'approve:' + i.id)}
          onReject={() => {
            setSheetError(null);
            setRejecting(i);
          }}
        />
      ))}
      {load.state === 'ready' && batchable.length > 0 ? (
        <View className="queue__bar">
          <View
            className="queue__bar-all"
            onClick={() =>
              setSelected(
                picked.length === batchable.length ? new Set() : new Set(batchable.map((i) => i.id)),
              )
            }
          >
            <View
              className={`queue__check${picked.length === batchable.length ? ' queue__check--on' : ''}`}
            />
            <Text>{picked.length === batchable.length ? '取消全选' : '全选无风险项'}</Text>
          </View>
          <Button
            size="small"
            disabled={picked.length === 0}
            loading={busy === 'batch'}
            onClick={() =>
              void decide(
                picked.map((i) => ({ id: i.id, decision: 'approve' as const })),
                'batch',
              )
            }
          >
            批量通过{picked.length ? `（${picked.length}）` : ''}
          </Button>
        </View>
      ) : null}
      {rejecting ? (
        <ReasonSheet
          title={`驳回 ${rejecting.memberName} 的${QUEUE_KIND_LABELS[rejecting.kind]}`}
          quick={REJECT_REASONS}
          confirmText="确认驳回"
          busy={busy === 'reject'}
          error={sheetError}
          onCancel={() => setRejecting(null)}
          onConfirm={(reason) =>
            void decide([{ id: rejecting.id, decision: 'reject', reason }], 'reject').then((ok) => {
              if (ok) setRejecting(null);
              else setSheetError('驳回失败，请重试');
            })
          }
        />
      ) : null}
    </View>
  );
}

function QueueCard({
  item: i,
  checked,
  busy,
  onToggle,
  onApprove,
  onReject,
}: {
  item: TQueueItem;
  checked: boolean;
  busy: string | null;
  onToggle: () => void;
  onApprove: () => void;
  onReject: () => void;
}) {
  const flagged = i.flags.length > 0;
  const ev = i.evidence;
  const facts = ev
    ? [
        ev.distanceM !== undefined ? `距会场 ${ev.distanceM} 米` : null,
        ev.accuracy !== undefined ? `定位精度 ±${Math.round(ev.accuracy)} 米` : null,
        ev.method ? CHECKIN_METHOD_LABELS[ev.method] : null,
        ev.deviceId ? `设备 ${ev.deviceId.slice(-8)}` : null,
      ].filter(Boolean)
    : [];
  return (
    <View className={`queue-card${flagged ? ' queue-card--flagged' : ''}`} data-testid={`queue-item-${i.id}`}>
      <View className="queue-card__head">
        {flagged ? (
          <View className="queue-card__nocheck" />
        ) : (
          <View className="queue-card__tick" onClick={onToggle} role="checkbox" aria-checked={checked}>
            <View className={`queue__check${checked ? ' queue__check--on' : ''}`} />
          </View>
        )}
        <View className="queue-card__who">
          <Text className="queue-card__name">{i.memberName}</Text>
          <Text className="queue-card__activity muted">{i.activityTitle ?? ''}</Text>
        </View>
        <Badge tone={i.kind === 'checkin' ? 'primary' : 'default'}>{QUEUE_KIND_LABELS[i.kind]}</Badge>
      </View>
      {flagged ? (
        <View className="queue-card__flags">
          {i.flags.map((f) => (
            <Text key={f} className="queue-card__flag">
              ⚠ {FLAG_LABELS[f] ?? f}
            </Text>
          ))}
        </View>
      ) : null}
      <Text className="queue-card__line">
        {i.kind === 'checkin' ? '签到时间' : '提交时间'}：{formatDateTime(ev?.scannedAt ?? i.at)}
      </Text>
      {facts.length ? <Text className="queue-card__line muted">{facts.join(' · ')}</Text> : null}
      {i.reason ? <Text className="queue-card__line">理由：{i.reason}</Text> : null}
      <View className="queue-card__actions">
        <Button type="secondary" size="small" disabled={busy !== null} onClick={onReject}>
          驳回
        </Button>
        <Button
          size="small"
          loading={busy === 'approve:' + i.id}
          disabled={busy !== null}
          onClick={onApprove}
        >
          {flagged ? '核实后通过' : '通过'}
        </Button>
      </View>
    </View>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidHide, usePullDownRefresh, useUnload } from '@tarojs/taro';
import type { QueueKind, TQueueItem, TReviewItemResult } from '@contract/attendance';
import { Badge, Button, Loaded, StateView } from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { CHECKIN_METHOD_LABELS, FLAG_LABELS, QUEUE_KIND_LABELS } from '@/utils/labels';
import { callApi } from '@/services/api';
import { messageFor } from '@/services/error-messages';
import { formatDateTime } from '@/utils/time';
import { ReasonSheet, REJECT_REASONS } from '../../lib/reason-sheet';
import { useAttendanceScope } from '../../lib/scope';
import './index.scss';

type Kind = QueueKind | 'all';

/** Seconds a batch approval waits for 撤销 before it is sent. */
const UNDO_SEC = 6;

/**
 * The secretary's one queue: pending check-ins (risk flags and the evidence), leave and make-up
 * requests, newest first, filterable by activity and kind. Tap 通过 / 驳回 on an item; a reject asks
 * for a reason (quick templates per kind). Only unflagged check-ins can be ticked and approved
 * together: leave and make-up requests and flagged check-ins are read one by one. A batch is
 * confirmed with its count and then held for UNDO_SEC seconds with 撤销 before it is sent (leaving the
 * page sends it at once). Each item answers its own result.
 */
export default function QueuePage() {
  const scope = useAttendanceScope();
  const { branchId } = scope;
  const [activity, setActivity] = useState<string>('all');
  const [kind, setKind] = useState<Kind>('all');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const action = useAction();
  const { running: busy, msg: notice } = action;
  const [rejecting, setRejecting] = useState<TQueueItem | null>(null);
  const [sheetError, setSheetError] = useState<string | null>(null);

  const queue = useLoad(
    async () => {
      const data = await callApi('attendance', 'queue', { branchId: branchId ?? '' });
      setSelected(new Set());
      return data;
    },
    [branchId],
    { enabled: Boolean(branchId), when: 'show' },
  );
  usePullDownRefresh(() => {
    void queue.reload({ quiet: true }).finally(() => Taro.stopPullDownRefresh());
  });
  // A batch held for 撤销: its ids are hidden from the list until it is sent or undone.
  const [held, setHeld] = useState<{ ids: string[]; left: number } | null>(null);
  const heldRef = useRef(held);
  heldRef.current = held;

  const items = useMemo(
    () => (queue.data ?? []).filter((i) => !held?.ids.includes(i.id)),
    [queue.data, held],
  );
  const activities = useMemo(() => {
    const m = new Map<string, string>();
    for (const i of items) m.set(i.activityId, i.activityTitle ?? '活动');
    return [...m.entries()];
  }, [items]);
  const shown = items.filter(
    (i) => (activity === 'all' || i.activityId === activity) && (kind === 'all' || i.kind === kind),
  );
  const batchable = shown.filter(isBatchable);
  const picked = shown.filter((i) => selected.has(i.id));

  /**
   * Sends decisions; removes the items that were decided (also by someone else: CONFLICT). `after`:
   * a held batch waits for a decision being sent instead of being dropped.
   */
  const decide = async (
    decisions: { id: string; decision: 'approve' | 'reject'; reason?: string }[],
    key: string,
    after = false,
  ) => {
    const done = await action.run(
      async () => {
        const results: TReviewItemResult[] = await callApi('attendance', 'review', { items: decisions });
        const gone = new Set(results.filter((r) => r.ok || r.code === 'CONFLICT').map((r) => r.id));
        queue.update((list) => list.filter((i) => !gone.has(i.id)));
        setSelected((s) => new Set([...s].filter((id) => !gone.has(id))));
        return results;
      },
      {
        key,
        after,
        // all done: a toast; some not: the notice says which and why
        toast: (results) =>
          results.some((r) => !r.ok)
            ? null
            : decisions[0].decision === 'approve'
              ? `已通过 ${results.length} 项`
              : '已驳回',
        ok: (results) => {
          const failed = results.filter((r) => !r.ok);
          if (failed.length === 0) return null;
          const why = failed.map((f) =>
            f.code === 'CONFLICT'
              ? '已被他人处理'
              : f.why === 'self_review'
                ? '本人的记录须由他人审核'
                : f.why === 'needs_individual_review'
                  ? '有风险标记的须单独审核'
                  : messageFor(f.code ?? 'INTERNAL'),
          );
          return `${results.length - failed.length} 项已处理，${failed.length} 项未处理：${[...new Set(why)].join('；')}`;
        },
      },
    );
    return done !== null;
  };

  /** Sends the held batch now (its countdown ended, or the page is left). */
  const sendHeld = useCallback(() => {
    const h = heldRef.current;
    if (!h) return;
    heldRef.current = null;
    setHeld(null);
    void decide(
      h.ids.map((id) => ({ id, decision: 'approve' as const })),
      'batch',
      true,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- decide reads only setters and the loader
  }, []);
  useEffect(() => {
    if (!held) return;
    if (held.left <= 0) {
      sendHeld();
      return;
    }
    const t = setTimeout(() => setHeld((h) => (h ? { ...h, left: h.left - 1 } : h)), 1000);
    return () => clearTimeout(t);
  }, [held, sendHeld]);
  useDidHide(sendHeld);
  useUnload(sendHeld);

  const approvePicked = async () => {
    const { confirm } = await Taro.showModal({
      title: '批量通过',
      content: `通过 ${picked.length} 条无风险签到？通过后 ${UNDO_SEC} 秒内可撤销。`,
      confirmText: '通过',
    });
    if (!confirm) return;
    setSelected(new Set());
    action.setMsg(null);
    setHeld({ ids: picked.map((i) => i.id), left: UNDO_SEC });
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
            {queue.data ? ` ${k === 'all' ? items.length : items.filter((i) => i.kind === k).length}` : ''}
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
      {notice ? <Text className="queue__notice">{notice.text}</Text> : null}
      {held ? (
        <View className="queue__undo" role="status">
          <Text className="queue__undo-text">
            {held.ids.length} 条签到将在 {held.left} 秒后通过
          </Text>
          <Button
            size="small"
            type="secondary"
            onClick={() => {
              heldRef.current = null;
              setHeld(null);
            }}
          >
            撤销
          </Button>
        </View>
      ) : null}
      <Loaded
        load={queue.load}
        onRetry={() => void queue.reload()}
        loadingText="正在加载待审核事项…"
        isEmpty={() => shown.length === 0}
        emptyText="没有待审核的事项"
      >
        {() => null}
      </Loaded>
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
      {queue.data && batchable.length > 0 ? (
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
            <Text>{picked.length === batchable.length ? '取消全选' : '全选无风险签到'}</Text>
          </View>
          <Button
            size="small"
            disabled={picked.length === 0}
            loading={busy === 'batch'}
            onClick={() => void approvePicked()}
          >
            批量通过{picked.length ? `（${picked.length}）` : ''}
          </Button>
        </View>
      ) : null}
      {rejecting ? (
        <ReasonSheet
          title={`驳回 ${rejecting.memberName} 的${QUEUE_KIND_LABELS[rejecting.kind]}`}
          quick={REJECT_REASONS[rejecting.kind]}
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

/** What a batch may approve: a check-in with no risk flag (in the fence, nothing odd). */
function isBatchable(i: TQueueItem): boolean {
  return i.kind === 'checkin' && i.flags.length === 0;
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
  const batch = isBatchable(i);
  const ev = i.evidence;
  const facts = ev
    ? [
        ev.distanceM !== undefined ? `距会场 ${ev.distanceM} 米` : null,
        ev.accuracy !== undefined ? `定位精度 ±${Math.round(ev.accuracy)} 米` : null,
        ev.method ? CHECKIN_METHOD_LABELS[ev.method] : null,
      ].filter(Boolean)
    : [];
  return (
    <View className={`queue-card${flagged ? ' queue-card--flagged' : ''}`} data-testid={`queue-item-${i.id}`}>
      <View className="queue-card__head">
        {!batch ? (
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
              ⚠ {FLAG_LABELS[f]}
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

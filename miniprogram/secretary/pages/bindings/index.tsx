import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TBindingHistoryItem, TBindingRequest } from '@contract/member';
import { Badge, Button, Card, FormError, Loaded, StateView, TextField } from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { BINDING_STATUS_LABELS, labelOf } from '@/utils/labels';
import { formatDateTime, shanghai } from '@/utils/time';
import { useBranchScope } from '../../lib/scope';
import './index.scss';

/**
 * Pending bindings of the branch (`member.bindingRequests`): besides the roster's name, number and
 * phone (what the applicant matched), what the applicant did not type — when they asked, their failed
 * attempts just before, and earlier requests for the row or by the same WeChat account. The secretary
 * approves, or rejects with a reason the applicant will see.
 */
export default function BindingsPage() {
  const scope = useBranchScope();
  const { branchId } = scope;
  const pending = useLoad(
    () => callApi('member', 'bindingRequests', { branchId: branchId ?? '' }),
    [branchId],
    { enabled: Boolean(branchId) },
  );

  if (scope.gate) return <View className="page">{scope.gate}</View>;

  const remove = (id: string) => pending.update((list) => list.filter((m) => m.memberId !== id));

  return (
    <View className="page bindings">
      {scope.picker}
      {!branchId ? (
        <StateView state="empty" text="请选择支部" />
      ) : (
        <Loaded
          load={pending.load}
          onRetry={() => void pending.reload()}
          loadingText="正在加载绑定申请…"
          emptyText="没有待审核的绑定申请"
        >
          {(list) => (
            <>
              <Text className="section-title">{list.length} 条待审核</Text>
              {list.map((m) => (
                <Pending key={m.memberId} m={m} onDone={() => remove(m.memberId)} />
              ))}
            </>
          )}
        </Loaded>
      )}
    </View>
  );
}

/** One earlier request, in words: whose, when, how it ended and why. */
function historyLine(h: TBindingHistoryItem): string {
  const who =
    h.via === 'row'
      ? h.sameAccount
        ? '同一微信曾申请此行'
        : '另一微信账号曾申请此行'
      : h.otherName
        ? `此微信曾申请绑定「${h.otherName}」${h.otherBranch ? '（其他支部）' : ''}`
        : `此微信曾申请绑定${h.otherBranch ? '其他支部的' : '本支部另一'}成员`;
  const end = labelOf(BINDING_STATUS_LABELS, h.status, '其他');
  return `${formatDateTime(h.createdAt)} ${who} · ${end}${h.reason ? `（${h.reason}）` : ''}`;
}

function Pending({ m, onDone }: { m: TBindingRequest; onDone: () => void }) {
  const { running: busy, msg, setMsg, run } = useAction();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');

  const decide = async (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && !reason.trim()) {
      setMsg({ ok: false, text: '请填写驳回原因，申请人会看到它' });
      return;
    }
    await run(
      async () => {
        const r = await callApi('member', 'reviewBinding', {
          memberId: m.memberId,
          decision,
          ...(decision === 'reject' ? { reason: reason.trim() } : {}),
        });
        const done = decision === 'approve' ? '已通过' : '已驳回';
        // Whether the applicant heard it: if not, the secretary tells them in person or by phone.
        void Taro.showToast({
          title: r.notified ? `${done}，已通知申请人` : `${done}；申请人未订阅通知，请另行告知`,
          icon: 'none',
          duration: 3000,
        });
        onDone();
      },
      { key: decision },
    );
  };

  return (
    <Card
      className="pending"
      title={m.name}
      extra={
        m.failedAttempts > 0 || m.history.some((h) => h.via === 'account') ? (
          <Badge tone="warning">需核实</Badge>
        ) : null
      }
    >
      <View className="kv">
        <Text className="kv__k">申请时间</Text>
        <Text>{m.requestedAt ? formatDateTime(m.requestedAt) : '未记录'}</Text>
      </View>
      <View className="kv">
        <Text className="kv__k">工号/学号</Text>
        <Text>{m.staffNo}</Text>
      </View>
      <View className="kv">
        <Text className="kv__k">名册手机号</Text>
        <Text>{m.phone ?? '未登记'}</Text>
      </View>
      <View className="kv">
        <Text className="kv__k">申请前失败</Text>
        <Text className={m.failedAttempts > 0 ? 'pending__warn' : ''}>
          {m.failedAttempts > 0
            ? `${m.failedAttempts} 次 · 最近 ${shanghai(m.lastFailedAt ?? 0).format('HH:mm')}`
            : '无'}
        </Text>
      </View>
      <View className="pending__history">
        <Text className="kv__k">历史申请</Text>
        {m.history.length === 0 ? (
          <Text className="muted pending__line">无：此行与此微信均为首次申请</Text>
        ) : (
          m.history.map((h, i) => (
            <Text key={i} className="pending__line">
              {historyLine(h)}
            </Text>
          ))
        )}
      </View>
      <Text className="muted pending__hint">
        请通过电话等方式向本人核实后再通过；申请人看不到名册手机号。
      </Text>
      {rejecting ? (
        <TextField
          label="驳回原因"
          value={reason}
          onChange={setReason}
          maxlength={200}
          placeholder="例如：姓名与工号不符"
          inputClassName="pending__reason"
        />
      ) : null}
      <FormError message={msg?.text} />
      <View className="form__actions">
        {rejecting ? (
          <>
            <Button type="secondary" disabled={busy !== null} onClick={() => setRejecting(false)}>
              取消
            </Button>
            <Button loading={busy === 'reject'} onClick={() => void decide('reject')}>
              确认驳回
            </Button>
          </>
        ) : (
          <>
            <Button type="secondary" disabled={busy !== null} onClick={() => setRejecting(true)}>
              驳回
            </Button>
            <Button loading={busy === 'approve'} onClick={() => void decide('approve')}>
              通过
            </Button>
          </>
        )}
      </View>
    </Card>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TListMembersOutput, TMemberRow } from '@contract/member';
import { Button, Card, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { useBranchScope, type Load } from '../../lib/scope';
import '../../lib/scope.scss';
import './index.scss';

/**
 * Pending bindings of the branch: the secretary checks name, number and phone against what they
 * know and approves, or rejects with a reason the applicant will see.
 */
export default function BindingsPage() {
  const scope = useBranchScope();
  const { branchId } = scope;
  const [load, setLoad] = useState<Load<TListMembersOutput>>({ state: 'loading' });

  const fetchPending = useCallback(() => {
    if (!branchId) return;
    setLoad({ state: 'loading' });
    callApi('member', 'listMembers', { branchId, status: 'pending' })
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, [branchId]);
  useEffect(fetchPending, [fetchPending]);

  if (scope.gate) return <View className="page">{scope.gate}</View>;

  const remove = (id: string) =>
    setLoad((l) => (l.state === 'ready' ? { state: 'ready', data: l.data.filter((m) => m.id !== id) } : l));

  return (
    <View className="page bindings">
      {scope.picker}
      {!branchId ? <StateView state="empty" text="请选择支部" /> : null}
      {branchId && load.state === 'loading' ? <StateView state="loading" text="正在加载绑定申请…" /> : null}
      {branchId && load.state === 'error' ? (
        <StateView state="error" text={load.message} onRetry={fetchPending} />
      ) : null}
      {branchId && load.state === 'ready' && load.data.length === 0 ? (
        <StateView state="empty" text="没有待审核的绑定申请" />
      ) : null}
      {load.state === 'ready' && load.data.length > 0 ? (
        <Text className="section-title">{load.data.length} 条待审核</Text>
      ) : null}
      {load.state === 'ready'
        ? load.data.map((m) => <Pending key={m.id} m={m} onDone={() => remove(m.id)} />)
        : null}
    </View>
  );
}

function Pending({ m, onDone }: { m: TMemberRow; onDone: () => void }) {
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const decide = async (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && !reason.trim()) {
      setError('请填写驳回原因，申请人会看到它');
      return;
    }
    setBusy(decision);
    setError(null);
    try {
      await callApi('member', 'reviewBinding', {
        memberId: m.id,
        decision,
        ...(decision === 'reject' ? { reason: reason.trim() } : {}),
      });
      void Taro.showToast({ title: decision === 'approve' ? '已通过' : '已驳回', icon: 'success' });
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card className="pending" title={m.name}>
      <View className="kv">
        <Text className="kv__k">工号/学号</Text>
        <Text>{m.staffNo}</Text>
      </View>
      <View className="kv">
        <Text className="kv__k">手机号</Text>
        <Text>{m.phone ?? '未登记'}</Text>
      </View>
      {rejecting ? (
        <View className="form__field">
          <Text className="form__label">驳回原因</Text>
          <Input
            className="ui-input form__input-box pending__reason"
            value={reason}
            maxlength={200}
            placeholder="例如：姓名与工号不符"
            onInput={(e) => setReason(e.detail.value)}
          />
        </View>
      ) : null}
      {error ? (
        <View className="form__alert" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}
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

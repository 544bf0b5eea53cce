import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TMemberRow } from '@contract/member';
import { Button, Card, FormError, Loaded, StateView, TextField } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { callApi, errorText } from '@/services/api';
import { useBranchScope } from '../../lib/scope';
import '../../lib/scope.scss';
import './index.scss';

/**
 * Pending bindings of the branch: the secretary checks name, number and phone against what they
 * know and approves, or rejects with a reason the applicant will see.
 */
export default function BindingsPage() {
  const scope = useBranchScope();
  const { branchId } = scope;
  const pending = useLoad(
    () => callApi('member', 'listMembers', { branchId: branchId ?? '', status: 'pending' }),
    [branchId],
    { enabled: Boolean(branchId) },
  );

  if (scope.gate) return <View className="page">{scope.gate}</View>;

  const remove = (id: string) => pending.update((list) => list.filter((m) => m.id !== id));

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
                <Pending key={m.id} m={m} onDone={() => remove(m.id)} />
              ))}
            </>
          )}
        </Loaded>
      )}
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
        <TextField
          label="驳回原因"
          value={reason}
          onChange={setReason}
          maxlength={200}
          placeholder="例如：姓名与工号不符"
          inputClassName="pending__reason"
        />
      ) : null}
      <FormError message={error} />
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

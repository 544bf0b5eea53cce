import { useCallback, useEffect, useState } from 'react';
import { View, Text, Picker, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TDelegation } from '@contract/attendance';
import type { TMemberRow } from '@contract/member';
import { Badge, Button, Card, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { shanghai } from '@/utils/time';
import { useAttendanceScope, type Load } from '../queue/shared';
import './index.scss';

const DAY = 86400_000;
const STATUS: Record<TDelegation['status'], { text: string; tone: 'success' | 'default' | 'warning' }> = {
  active: { text: '生效中', tone: 'success' },
  scheduled: { text: '未开始', tone: 'warning' },
  expired: { text: '已到期', tone: 'default' },
  revoked: { text: '已收回', tone: 'default' },
};

/** `2026-11-27` Shanghai day start, epoch ms. */
const dayStart = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
const fmtDay = (ms: number) => shanghai(ms).format('M月D日');
/** A picked `2026-11-27` as people read it: `11月27日 周五`. */
const pickedDay = (d: string) => shanghai(dayStart(d)).format('M月D日 ddd');

/**
 * 审批委托: the secretary lets a member of the branch approve attendance for a date range (both
 * days inclusive); it ends by itself. The delegate sees it here too. Decisions under it are
 * recorded with both names.
 */
export default function DelegationPage() {
  const scope = useAttendanceScope();
  const { branchId, isSecretary, isAdmin, memberId } = scope;
  const staff = isSecretary || isAdmin;
  const [list, setList] = useState<Load<TDelegation[]>>({ state: 'loading' });
  const [members, setMembers] = useState<TMemberRow[]>([]);
  const today = shanghai(Date.now()).format('YYYY-MM-DD');
  const [to, setTo] = useState<string>('');
  const [from, setFrom] = useState<string>(today);
  const [until, setUntil] = useState<string>(shanghai(Date.now() + 6 * DAY).format('YYYY-MM-DD'));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fetchAll = useCallback(() => {
    if (scope.gate) return;
    setList({ state: 'loading' });
    callApi('attendance', 'listDelegations', branchId ? { branchId } : {})
      .then((data) => setList({ state: 'ready', data }))
      .catch((e: unknown) => setList({ state: 'error', message: errorText(e) }));
    if (staff && branchId) {
      callApi('member', 'listMembers', { branchId })
        .then((ms) => setMembers(ms.filter((m) => m.status === 'active' && m.id !== memberId)))
        .catch(() => setMembers([]));
    }
  }, [branchId, staff, memberId, scope.gate]);
  useEffect(fetchAll, [fetchAll]);

  const submit = async () => {
    if (!branchId || !to) {
      setError('请选择被委托人');
      return;
    }
    setBusy('create');
    setError(null);
    try {
      await callApi('attendance', 'delegate', {
        branchId,
        toMemberId: to,
        from: dayStart(from),
        to: dayStart(until) + DAY,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      void Taro.showToast({ title: '已委托', icon: 'success' });
      setTo('');
      setReason('');
      fetchAll();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const revoke = async (id: string) => {
    setBusy(id);
    try {
      await callApi('attendance', 'revokeDelegation', { delegationId: id });
      fetchAll();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  if (scope.gate) return <View className="page">{scope.gate}</View>;
  const chosen = members.find((m) => m.id === to);
  return (
    <View className="page deleg">
      {staff && branchId ? (
        <Card title="新建委托">
          <Text className="muted deleg__hint">
            委托期间，被委托人可以审核本支部的签到、请假和补签，到期自动失效。
          </Text>
          <Picker
            mode="selector"
            range={members.map((m) => m.name)}
            onChange={(e) => setTo(members[Number(e.detail.value)]?.id ?? '')}
          >
            <View className="deleg__picker">
              <Text className="muted">被委托人</Text>
              <Text>{chosen ? chosen.name : '请选择'} ›</Text>
            </View>
          </Picker>
          <Picker mode="date" value={from} start={today} onChange={(e) => setFrom(String(e.detail.value))}>
            <View className="deleg__picker">
              <Text className="muted">开始日期</Text>
              <Text>{pickedDay(from)} ›</Text>
            </View>
          </Picker>
          <Picker mode="date" value={until} start={from} onChange={(e) => setUntil(String(e.detail.value))}>
            <View className="deleg__picker">
              <Text className="muted">结束日期（含当天）</Text>
              <Text>{pickedDay(until)} ›</Text>
            </View>
          </Picker>
          <Input
            className="ui-input deleg__input"
            value={reason}
            placeholder="委托原因（如：书记出差）"
            onInput={(e) => setReason(e.detail.value)}
          />
          {error ? <Text className="deleg__error">{error}</Text> : null}
          <Button block loading={busy === 'create'} onClick={() => void submit()}>
            确认委托
          </Button>
        </Card>
      ) : null}
      <Text className="section-title">{staff ? '本支部的委托' : '委托给我的审批'}</Text>
      <Card>
        {list.state === 'loading' ? <StateView state="loading" /> : null}
        {list.state === 'error' ? <StateView state="error" text={list.message} onRetry={fetchAll} /> : null}
        {list.state === 'ready' && list.data.length === 0 ? (
          <StateView state="empty" text="没有委托" />
        ) : null}
        {list.state === 'ready'
          ? list.data.map((d) => (
              <View key={d.id} className="deleg__row">
                <View className="deleg__main">
                  <Text className="deleg__names">
                    {d.fromName ?? '书记'} → {d.toName ?? d.toMemberId}
                  </Text>
                  <Text className="muted deleg__dates">
                    {fmtDay(d.from)} 至 {fmtDay(d.to - 1)}
                  </Text>
                </View>
                <Badge tone={STATUS[d.status].tone}>{STATUS[d.status].text}</Badge>
                {staff && (d.status === 'active' || d.status === 'scheduled') ? (
                  <Button size="small" type="plain" loading={busy === d.id} onClick={() => void revoke(d.id)}>
                    收回
                  </Button>
                ) : null}
              </View>
            ))
          : null}
      </Card>
    </View>
  );
}

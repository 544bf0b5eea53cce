import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import type { DelegationStatus } from '@contract/enums';
import {
  Badge,
  Button,
  Card,
  DateTimeField,
  FormError,
  Loaded,
  SelectField,
  TextField,
  type BadgeTone,
} from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { DELEGATION_STATUS_LABELS } from '@/utils/labels';
import { shanghai } from '@/utils/time';
import { useAttendanceScope } from '../../lib/scope';
import '../../lib/shared.scss';
import './index.scss';

const DAY = 86400_000;
const TONE: Record<DelegationStatus, BadgeTone> = {
  active: 'success',
  scheduled: 'warning',
  expired: 'default',
  revoked: 'default',
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
  const list = useLoad(
    () => callApi('attendance', 'listDelegations', branchId ? { branchId } : {}),
    [branchId],
    {
      enabled: !scope.gate,
    },
  );
  const candidates = useLoad(
    async () =>
      (await callApi('member', 'listMembers', { branchId: branchId ?? '' })).filter(
        (m) => m.status === 'active' && m.id !== memberId,
      ),
    [branchId, memberId],
    { enabled: !scope.gate && staff && Boolean(branchId) },
  );
  const members = candidates.data ?? [];
  const today = shanghai(Date.now()).format('YYYY-MM-DD');
  const [to, setTo] = useState<string>('');
  const [from, setFrom] = useState<string>(today);
  const [until, setUntil] = useState<string>(shanghai(Date.now() + 6 * DAY).format('YYYY-MM-DD'));
  const [reason, setReason] = useState('');
  const { running: busy, msg, setMsg, run } = useAction();

  const submit = async () => {
    if (!branchId || !to) {
      setMsg({ ok: false, text: '请选择被委托人' });
      return;
    }
    await run(
      async () => {
        await callApi('attendance', 'delegate', {
          branchId,
          toMemberId: to,
          from: dayStart(from),
          to: dayStart(until) + DAY,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        });
        setTo('');
        setReason('');
        void list.reload({ quiet: true });
      },
      { key: 'create', toast: '已委托' },
    );
  };

  const revoke = (id: string) =>
    run(
      async () => {
        await callApi('attendance', 'revokeDelegation', { delegationId: id });
        void list.reload({ quiet: true });
      },
      { key: id },
    );

  if (scope.gate) return <View className="page">{scope.gate}</View>;
  const chosen = members.find((m) => m.id === to);
  return (
    <View className="page deleg">
      {staff && branchId ? (
        <Card title="新建委托">
          <Text className="muted deleg__hint">
            委托期间，被委托人可以审核本支部的签到、请假和补签，到期自动失效。
          </Text>
          <SelectField
            label="被委托人"
            values={members}
            labelOf={(m) => m.name}
            value={chosen ?? null}
            onChange={(m) => setTo(m.id)}
            placeholder={candidates.load.state === 'loading' ? '正在加载成员…' : '请选择'}
          />
          <DateTimeField
            label="开始日期"
            mode="date"
            value={from}
            onChange={setFrom}
            display={pickedDay(from)}
          />
          <DateTimeField
            label="结束日期（含当天）"
            mode="date"
            value={until}
            start={from}
            onChange={setUntil}
            display={pickedDay(until)}
          />
          <TextField
            label="委托原因（选填）"
            value={reason}
            onChange={setReason}
            placeholder="如：书记出差"
          />
          <FormError message={msg?.text} />
          <Button block loading={busy === 'create'} onClick={() => void submit()}>
            确认委托
          </Button>
        </Card>
      ) : null}
      <Text className="section-title">{staff ? '本支部的委托' : '委托给我的审批'}</Text>
      <Card>
        <Loaded load={list.load} onRetry={() => void list.reload()} emptyText="没有委托">
          {(delegations) =>
            delegations.map((d) => (
              <View key={d.id} className="deleg__row">
                <View className="deleg__main">
                  <Text className="deleg__names">
                    {d.fromName ?? '书记'} → {d.toName ?? '成员'}
                  </Text>
                  <Text className="muted deleg__dates">
                    {fmtDay(d.from)} 至 {fmtDay(d.to - 1)}
                  </Text>
                </View>
                <Badge tone={TONE[d.status]}>{DELEGATION_STATUS_LABELS[d.status]}</Badge>
                {staff && (d.status === 'active' || d.status === 'scheduled') ? (
                  <Button size="small" type="plain" loading={busy === d.id} onClick={() => void revoke(d.id)}>
                    收回
                  </Button>
                ) : null}
              </View>
            ))
          }
        </Loaded>
      </Card>
    </View>
  );
}

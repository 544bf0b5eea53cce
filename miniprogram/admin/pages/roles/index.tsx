import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { Role, TListMembersOutput, TMemberRow } from '@contract/member';
import { Button, Card, Chips, ListItem, Loaded, MemberBadges, StateView, TextField } from '@/components';
import BranchPicker from '@/components/BranchPicker';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { useSession } from '@/hooks/useSession';
import { callApi } from '@/services/api';
import { ROLE_LABELS } from '@/utils/labels';
import { formatDateTime } from '@/utils/time';
import './index.scss';

/**
 * Admin: find a member (branch + name/number search), set their roles, unbind their WeChat user
 * (with a reason, audited) or complete their request to leave the system.
 */
export default function RolesPage() {
  const session = useSession({ only: ['admin'], refusal: '只有管理员可以设置角色' });
  const [branchId, setBranchId] = useState<string | null>(useRouter().params.branchId ?? null);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const members = useLoad(() => callApi('member', 'listMembers', { branchId: branchId ?? '' }), [branchId], {
    enabled: Boolean(branchId),
  });

  if (session.gate) return <View className="page">{session.gate}</View>;

  const q = query.trim().toLowerCase();
  const shown = (all: TListMembersOutput) =>
    all
      .filter((m) => m.status !== 'left' && (!q || m.name.includes(q) || m.staffNo.toLowerCase().includes(q)))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const replace = (row: TMemberRow) => members.update((all) => all.map((m) => (m.id === row.id ? row : m)));

  return (
    <View className="page roles">
      <BranchPicker
        value={branchId}
        onChange={(id) => {
          setBranchId(id);
          setSelected(null);
        }}
      />
      <Input
        className="ui-input form__input-box roles__search"
        value={query}
        placeholder="搜索姓名或工号/学号"
        onInput={(e) => setQuery(e.detail.value)}
      />
      {!branchId ? (
        <StateView state="empty" text="先选择支部，再查找成员" />
      ) : (
        <Loaded
          load={members.load}
          onRetry={() => void members.reload()}
          loadingText="正在加载成员…"
          isEmpty={(all) => shown(all).length === 0}
          emptyText="没有符合条件的成员"
        >
          {(all) => (
            <Card>
              {shown(all).map((m) => {
                return (
                  <View key={m.id}>
                    <ListItem
                      title={m.name}
                      description={m.staffNo}
                      extra={<MemberBadges m={m} />}
                      onClick={() => setSelected(selected === m.id ? null : m.id)}
                    />
                    {selected === m.id ? (
                      <MemberPanel m={m} onChanged={replace} onGone={() => void members.reload()} />
                    ) : null}
                  </View>
                );
              })}
            </Card>
          )}
        </Loaded>
      )}
    </View>
  );
}

function MemberPanel({
  m,
  onChanged,
  onGone,
}: {
  m: TMemberRow;
  onChanged: (m: TMemberRow) => void;
  onGone: () => void;
}) {
  const [roles, setRoles] = useState<Role[]>(m.roles);
  const { running: busy, msg: message, run } = useAction();
  const [reason, setReason] = useState('');
  const toggle = (r: Role) => setRoles(roles.includes(r) ? roles.filter((x) => x !== r) : [...roles, r]);
  const changed = [...roles].sort().join() !== [...m.roles].sort().join();

  const saveRoles = () =>
    run(
      async () => {
        const res = await callApi('member', 'setRoles', { memberId: m.id, roles });
        setRoles(res.roles);
        onChanged({ ...m, roles: res.roles });
      },
      { key: 'roles', ok: '角色已更新' },
    );
  const unbind = () =>
    run(
      async () => {
        const res = await callApi('member', 'unbind', { memberId: m.id, reason: reason.trim() });
        onChanged({ ...m, status: res.status });
      },
      { key: 'unbind', ok: '已解除绑定' },
    );
  const complete = () =>
    run(
      async () => {
        const { confirm } = await Taro.showModal({
          title: '办理注销',
          content: `将删除「${m.name}」的姓名、工号和手机号，签到与审计记录匿名保留。此操作不可撤销。`,
          confirmText: '确认注销',
          confirmColor: '#c8161d',
        });
        if (!confirm) return;
        await callApi('member', 'completeDeletion', { memberId: m.id });
        void Taro.showToast({ title: '已注销', icon: 'success' });
        onGone();
      },
      { key: 'delete' },
    );

  return (
    <View className="roles__panel">
      <View className="kv">
        <Text className="kv__k">手机号</Text>
        <Text>{m.phone ?? '未登记'}</Text>
      </View>
      {m.boundAt ? (
        <View className="kv">
          <Text className="kv__k">绑定时间</Text>
          <Text>{formatDateTime(m.boundAt)}</Text>
        </View>
      ) : null}
      <Text className="form__label roles__label">角色（党员为默认角色）</Text>
      <Chips
        values={['secretary', 'admin'] as Role[]}
        labelOf={(r) => `${roles.includes(r) ? '✓ ' : ''}${ROLE_LABELS[r]}`}
        isOn={(r) => roles.includes(r)}
        onPick={toggle}
      />
      <View className="form__actions">
        <Button disabled={!changed} loading={busy === 'roles'} onClick={() => void saveRoles()}>
          保存角色
        </Button>
      </View>
      {m.status === 'active' || m.status === 'pending' ? (
        <View className="roles__danger">
          <TextField
            label="解除微信绑定（例如更换手机、绑错人）"
            inputClassName="roles__reason"
            value={reason}
            maxlength={200}
            placeholder="请填写原因（必填，记入审计）"
            onChange={setReason}
          />
          <View className="form__actions">
            <Button
              type="secondary"
              disabled={!reason.trim()}
              loading={busy === 'unbind'}
              onClick={() => void unbind()}
            >
              解除绑定
            </Button>
          </View>
        </View>
      ) : null}
      {m.quitRequestedAt ? (
        <View className="roles__danger">
          <Text className="form__label">该成员于 {formatDateTime(m.quitRequestedAt)} 申请注销</Text>
          <View className="form__actions">
            <Button loading={busy === 'delete'} onClick={() => void complete()}>
              办理注销
            </Button>
          </View>
        </View>
      ) : null}
      {message ? (
        <View className={message.ok ? 'roles__ok' : 'form__alert'} role="status">
          <Text>{message.text}</Text>
        </View>
      ) : null}
    </View>
  );
}

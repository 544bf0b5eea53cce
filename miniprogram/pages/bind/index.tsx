import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  Badge,
  Button,
  Card,
  FormError,
  ListItem,
  Loaded,
  RemindMe,
  StateView,
  TextField,
} from '@/components';
import BranchPicker from '@/components/BranchPicker';
import { useAction } from '@/hooks/useAction';
import { useBranch } from '@/hooks/useBranches';
import { useLoad } from '@/hooks/useLoad';
import { callApi, invalidFields, isApiError } from '@/services/api';
import { useSessionStore } from '@/stores/session';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime } from '@/utils/time';
import './index.scss';

/**
 * First-run binding: the WeChat user names themself as a roster row (name + 工号/学号); the match
 * becomes a pending binding that the branch secretary approves. While pending the page shows the
 * request; after a rejection it shows the secretary's reason above the form.
 */
export default function BindPage() {
  const refreshSession = useSessionStore((s) => s.refresh);
  const me = useLoad(() => callApi('member', 'me'), [], { when: 'show' });
  const [branchId, setBranchId] = useState<string | null>(null);
  // the branch of a pending request, by id (the form's picker searches a page at a time)
  const pendingMember = me.data?.member?.status === 'pending' ? me.data.member : null;
  const pendingBranch = useBranch(pendingMember?.branchId ?? null);
  const [name, setName] = useState('');
  const [staffNo, setStaffNo] = useState('');
  const { busy: submitting, msg, setMsg, run } = useAction();
  const check = useAction();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const loadMe = () => me.reload({ quiet: true });

  if (!me.data) {
    return (
      <View className="page">
        <Loaded load={me.load} onRetry={() => void me.reload()}>
          {() => null}
        </Loaded>
      </View>
    );
  }

  const { member, binding } = me.data;
  if (member && member.status === 'active') {
    return (
      <View className="page">
        <StateView
          state="empty"
          text={`你已绑定为「${member.name}」`}
          actionText="返回首页"
          onAction={() => go(ROUTES.home)}
        />
      </View>
    );
  }
  if (member && member.status === 'pending') {
    return (
      <View className="page bind">
        <Card title="绑定申请审核中" extra={<Badge tone="warning">待审核</Badge>}>
          <ListItem title="姓名" extra={<Text>{member.name}</Text>} arrow={false} />
          <ListItem
            title="支部"
            extra={<Text className="bind__value">{pendingBranch.data?.name ?? '—'}</Text>}
            arrow={false}
          />
          {binding?.status === 'pending' ? (
            <ListItem
              title="提交时间"
              extra={<Text>{formatDateTime(binding.createdAt)}</Text>}
              arrow={false}
            />
          ) : null}
          <Text className="muted bind__hint">支部书记审核通过后即可参加活动签到。</Text>
          <RemindMe variant="binding" className="bind__notify" />
          <View className="form__actions">
            <Button
              type="secondary"
              loading={check.busy}
              onClick={() => void check.run(() => loadMe().then(() => refreshSession()))}
            >
              刷新审核状态
            </Button>
          </View>
        </Card>
      </View>
    );
  }

  const rejected = binding?.status === 'rejected' ? binding : null;

  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = '请填写姓名';
    if (!staffNo.trim()) errs.staffNo = '请填写工号或学号';
    setFieldErrors(errs);
    setMsg(null);
    if (Object.keys(errs).length) return;
    await run(
      async () => {
        await callApi('member', 'bind', {
          name: name.trim(),
          staffNo: staffNo.trim(),
          ...(branchId ? { branchId } : {}),
        });
        void Taro.showToast({ title: '已提交，等待审核', icon: 'success' });
        await Promise.all([loadMe(), refreshSession()]);
      },
      {
        fail: (e) => {
          const bad = invalidFields(e);
          if (Object.keys(bad).length) setFieldErrors(bad);
          if (isApiError(e) && e.code === 'ALREADY_BOUND') void loadMe();
          return undefined;
        },
      },
    );
  };

  return (
    <View className="page bind">
      {rejected ? (
        <View className="form__alert bind__rejected" role="alert">
          <Text className="bind__rejected-title">上次的绑定申请未通过</Text>
          <Text>原因：{rejected.reason ?? '未说明'}</Text>
          {rejected.decidedAt ? (
            <Text className="bind__when">{formatDateTime(rejected.decidedAt)}</Text>
          ) : null}
          <Text>请核对信息后重新提交，或联系支部书记。</Text>
        </View>
      ) : null}
      <Card title="填写花名册信息">
        <Text className="muted bind__hint">
          请填写与支部花名册一致的姓名和工号/学号，提交后由支部书记审核。
        </Text>

        <BranchPicker
          label="所在支部"
          value={branchId}
          onChange={(id) => setBranchId(id)}
          placeholder="请选择（可不选）"
          clearText="不选择支部"
        />
        <TextField
          label="姓名"
          value={name}
          onChange={setName}
          maxlength={50}
          placeholder="请输入姓名"
          inputClassName="bind__input"
          error={fieldErrors.name}
        />
        <TextField
          label="工号 / 学号"
          value={staffNo}
          onChange={setStaffNo}
          maxlength={32}
          placeholder="请输入工号或学号"
          inputClassName="bind__input"
          error={fieldErrors.staffNo}
        />
        <FormError message={msg?.text} />

        <View className="form__actions">
          <Button block loading={submitting} onClick={() => void submit()}>
            {submitting ? '正在提交…' : rejected ? '重新提交绑定申请' : '提交绑定申请'}
          </Button>
        </View>
      </Card>
    </View>
  );
}

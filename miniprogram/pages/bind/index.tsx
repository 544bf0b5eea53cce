import { useCallback, useEffect, useState } from 'react';
import { View, Text, Input, Picker } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TBranch } from '@contract/member';
import { Button, Card, StateView } from '@/components';
import { callApi, errorText, isApiError } from '@/services/api';
import { useSessionStore } from '@/stores/session';
import { go, ROUTES } from '@/utils/nav';
import './index.scss';

type Branches =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; list: TBranch[] };

/**
 * First-run binding: the WeChat user names themself as a roster row (name + 工号/学号); the match
 * becomes a pending binding that the branch secretary approves. Issue 4 owns the server side.
 */
export default function BindPage() {
  const { member, refresh } = useSessionStore();
  const [branches, setBranches] = useState<Branches>({ state: 'loading' });
  const [branchIndex, setBranchIndex] = useState(-1);
  const [name, setName] = useState('');
  const [staffNo, setStaffNo] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const loadBranches = useCallback(() => {
    setBranches({ state: 'loading' });
    callApi('member', 'listBranches')
      .then((list) => setBranches({ state: 'ready', list }))
      .catch((e: unknown) => setBranches({ state: 'error', message: errorText(e) }));
  }, []);
  useEffect(loadBranches, [loadBranches]);

  if (member && member.status === 'pending') {
    return (
      <View className="page">
        <Card title="绑定申请审核中">
          <Text className="muted">
            你已以「{member.name}」提交绑定申请，等待支部书记审核。审核通过后即可参加活动签到。
          </Text>
          <View className="bind__actions">
            <Button block type="secondary" onClick={() => void refresh()}>
              刷新审核状态
            </Button>
          </View>
        </Card>
      </View>
    );
  }
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

  const list = branches.state === 'ready' ? branches.list : [];
  const branch = branchIndex >= 0 ? list[branchIndex] : undefined;

  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = '请填写姓名';
    if (!staffNo.trim()) errs.staffNo = '请填写工号或学号';
    setFieldErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;
    setSubmitting(true);
    try {
      await callApi('member', 'bind', {
        name: name.trim(),
        staffNo: staffNo.trim(),
        ...(branch ? { branchId: branch.id } : {}),
      });
      await refresh();
      void Taro.showToast({ title: '已提交，等待审核', icon: 'success' });
    } catch (e) {
      setError(errorText(e));
      if (isApiError(e) && e.code === 'INVALID_ARGUMENT' && e.details?.fields) {
        const byField: Record<string, string> = {};
        for (const f of e.details.fields) byField[f.path.split('.')[0]] = '格式不正确';
        setFieldErrors(byField);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="page bind">
      <Card title="填写花名册信息">
        <Text className="muted bind__hint">
          请填写与支部花名册一致的姓名和工号/学号，提交后由支部书记审核。
        </Text>

        <View className="bind__field">
          <Text className="bind__label">所在支部</Text>
          {branches.state === 'loading' ? <Text className="muted">正在加载支部…</Text> : null}
          {branches.state === 'error' ? (
            <View className="bind__inline-error">
              <Text className="bind__error">{branches.message}</Text>
              <Button size="small" type="plain" onClick={loadBranches}>
                重试
              </Button>
            </View>
          ) : null}
          {branches.state === 'ready' ? (
            <Picker
              mode="selector"
              range={list.map((b) => (b.college ? `${b.name}（${b.college}）` : b.name))}
              value={Math.max(branchIndex, 0)}
              onChange={(e) => setBranchIndex(Number(e.detail.value))}
            >
              <View className="bind__picker">
                <Text className={branch ? '' : 'muted'}>{branch ? branch.name : '请选择（可不选）'}</Text>
                <Text className="muted">›</Text>
              </View>
            </Picker>
          ) : null}
        </View>

        <View className="bind__field">
          <Text className="bind__label">姓名</Text>
          <Input
            className="ui-input bind__input"
            value={name}
            maxlength={50}
            placeholder="请输入姓名"
            onInput={(e) => setName(e.detail.value)}
          />
          {fieldErrors.name ? <Text className="bind__error">{fieldErrors.name}</Text> : null}
        </View>

        <View className="bind__field">
          <Text className="bind__label">工号 / 学号</Text>
          <Input
            className="ui-input bind__input"
            value={staffNo}
            maxlength={32}
            placeholder="请输入工号或学号"
            onInput={(e) => setStaffNo(e.detail.value)}
          />
          {fieldErrors.staffNo ? <Text className="bind__error">{fieldErrors.staffNo}</Text> : null}
        </View>

        {error ? (
          <View className="bind__alert" role="alert">
            <Text>{error}</Text>
          </View>
        ) : null}

        <View className="bind__actions">
          <Button block loading={submitting} onClick={() => void submit()}>
            {submitting ? '正在提交…' : '提交绑定申请'}
          </Button>
        </View>
      </Card>
    </View>
  );
}

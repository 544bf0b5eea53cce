import { useCallback, useEffect, useState } from 'react';
import { View, Text, Input, Picker } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { TBranch, TMeOutput } from '@contract/member';
import { Badge, Button, Card, ListItem, StateView } from '@/components';
import { callApi, errorText, isApiError } from '@/services/api';
import { useSessionStore } from '@/stores/session';
import { branchLabel } from '@/utils/member';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime } from '@/utils/time';
import './index.scss';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/**
 * First-run binding: the WeChat user names themself as a roster row (name + 工号/学号); the match
 * becomes a pending binding that the branch secretary approves. While pending the page shows the
 * request; after a rejection it shows the secretary's reason above the form.
 */
export default function BindPage() {
  const refreshSession = useSessionStore((s) => s.refresh);
  const [me, setMe] = useState<Load<TMeOutput>>({ state: 'loading' });
  const [branches, setBranches] = useState<Load<TBranch[]>>({ state: 'loading' });
  const [branchIndex, setBranchIndex] = useState(-1);
  const [name, setName] = useState('');
  const [staffNo, setStaffNo] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const loadMe = useCallback(() => {
    return callApi('member', 'me')
      .then((data) => setMe({ state: 'ready', data }))
      .catch((e: unknown) => setMe({ state: 'error', message: errorText(e) }));
  }, []);
  const loadBranches = useCallback(() => {
    setBranches({ state: 'loading' });
    callApi('member', 'listBranches')
      .then((data) => setBranches({ state: 'ready', data }))
      .catch((e: unknown) => setBranches({ state: 'error', message: errorText(e) }));
  }, []);
  useEffect(loadBranches, [loadBranches]);
  useDidShow(() => {
    void loadMe();
  });

  const list = branches.state === 'ready' ? branches.data : [];
  const branchName = (id: string) => list.find((b) => b.id === id)?.name ?? '';

  if (me.state === 'loading') {
    return (
      <View className="page">
        <StateView state="loading" />
      </View>
    );
  }
  if (me.state === 'error') {
    return (
      <View className="page">
        <StateView state="error" text={me.message} onRetry={() => void loadMe()} />
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
            extra={<Text className="bind__value">{branchName(member.branchId) || '—'}</Text>}
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
          <View className="form__actions">
            <Button
              type="secondary"
              loading={checking}
              onClick={() => {
                setChecking(true);
                void loadMe()
                  .then(() => refreshSession())
                  .finally(() => setChecking(false));
              }}
            >
              刷新审核状态
            </Button>
          </View>
        </Card>
      </View>
    );
  }

  const branch = branchIndex >= 0 ? list[branchIndex] : undefined;
  const rejected = binding?.status === 'rejected' ? binding : null;

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
      void Taro.showToast({ title: '已提交，等待审核', icon: 'success' });
      await Promise.all([loadMe(), refreshSession()]);
    } catch (e) {
      setError(errorText(e));
      if (isApiError(e) && e.code === 'INVALID_ARGUMENT' && e.details?.fields) {
        const byField: Record<string, string> = {};
        for (const f of e.details.fields)
          byField[f.path.replace(/^payload\./, '').split('.')[0]] = '格式不正确';
        setFieldErrors(byField);
      }
      if (isApiError(e) && e.code === 'ALREADY_BOUND') void loadMe();
    } finally {
      setSubmitting(false);
    }
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

        <View className="form__field">
          <Text className="form__label">所在支部</Text>
          {branches.state === 'loading' ? <Text className="muted">正在加载支部…</Text> : null}
          {branches.state === 'error' ? (
            <View className="bind__inline-error">
              <Text className="form__error">{branches.message}</Text>
              <Button size="small" type="plain" onClick={loadBranches}>
                重试
              </Button>
            </View>
          ) : null}
          {branches.state === 'ready' ? (
            <Picker
              mode="selector"
              range={list.map(branchLabel)}
              value={Math.max(branchIndex, 0)}
              onChange={(e) => setBranchIndex(Number(e.detail.value))}
            >
              <View className="form__picker bind__picker">
                <Text className={branch ? 'bind__value' : 'muted'}>
                  {branch ? branch.name : '请选择（可不选）'}
                </Text>
                <Text className="muted">›</Text>
              </View>
            </Picker>
          ) : null}
        </View>

        <View className="form__field">
          <Text className="form__label">姓名</Text>
          <Input
            className="ui-input form__input-box bind__input"
            value={name}
            maxlength={50}
            placeholder="请输入姓名"
            onInput={(e) => setName(e.detail.value)}
          />
          {fieldErrors.name ? <Text className="form__error">{fieldErrors.name}</Text> : null}
        </View>

        <View className="form__field">
          <Text className="form__label">工号 / 学号</Text>
          <Input
            className="ui-input form__input-box bind__input"
            value={staffNo}
            maxlength={32}
            placeholder="请输入工号或学号"
            onInput={(e) => setStaffNo(e.detail.value)}
          />
          {fieldErrors.staffNo ? <Text className="form__error">{fieldErrors.staffNo}</Text> : null}
        </View>

        {error ? (
          <View className="form__alert" role="alert">
            <Text>{error}</Text>
          </View>
        ) : null}

        <View className="form__actions">
          <Button block loading={submitting} onClick={() => void submit()}>
            {submitting ? '正在提交…' : rejected ? '重新提交绑定申请' : '提交绑定申请'}
          </Button>
        </View>
      </Card>
    </View>
  );
}

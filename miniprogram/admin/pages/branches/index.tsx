import { useCallback, useEffect, useState } from 'react';
import { View, Text, Input, Picker } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { BranchKind, TBranch, TListBranchesOutput } from '@contract/member';
import { Badge, Button, Card, ListItem, StateView } from '@/components';
import { callApi, errorText, isApiError } from '@/services/api';
import { hasRole, useSessionStore } from '@/stores/session';
import { BRANCH_KINDS } from '@contract/enums';
import { BRANCH_KIND_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import './index.scss';

type Load =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: TListBranchesOutput };

interface Draft {
  id: string | null;
  name: string;
  college: string;
  kind: BranchKind | '';
  linkedUnit: string;
}
const EMPTY: Draft = { id: null, name: '', college: '', kind: '', linkedUnit: '' };

/** Admin (subpackage `admin/`): every branch by college, with secretaries and roster counts; create and edit. */
export default function AdminBranchesPage() {
  const session = useSessionStore();
  const { loaded, error, refresh } = session;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const fetchBranches = useCallback(() => {
    setLoad({ state: 'loading' });
    return callApi('member', 'listBranches')
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, []);
  useEffect(() => {
    void fetchBranches();
  }, [fetchBranches]);
  useDidShow(() => {
    if (!loaded) void refresh();
  });
  usePullDownRefresh(() => {
    void fetchBranches().finally(() => Taro.stopPullDownRefresh());
  });

  if (loaded && !hasRole(session, 'admin')) {
    return (
      <View className="page">
        <StateView state="empty" text="只有管理员可以管理支部" />
      </View>
    );
  }
  if (!loaded && error) {
    return (
      <View className="page">
        <StateView state="error" text={error.message} onRetry={() => void refresh()} />
      </View>
    );
  }

  const byCollege = new Map<string, TListBranchesOutput>();
  if (load.state === 'ready') {
    for (const b of load.data) {
      const key = b.college || '其他';
      byCollege.set(key, [...(byCollege.get(key) ?? []), b]);
    }
  }
  const edit = (b: TBranch) =>
    setDraft({
      id: b.id,
      name: b.name,
      college: b.college,
      kind: b.kind ?? '',
      linkedUnit: b.linkedUnit ?? '',
    });

  return (
    <View className="page branches">
      {draft ? (
        <BranchForm
          draft={draft}
          onCancel={() => setDraft(null)}
          onSaved={() => {
            setDraft(null);
            void fetchBranches();
          }}
        />
      ) : (
        <Button block onClick={() => setDraft(EMPTY)}>
          新建支部
        </Button>
      )}
      {load.state === 'loading' ? <StateView state="loading" text="正在加载支部…" /> : null}
      {load.state === 'error' ? (
        <StateView state="error" text={load.message} onRetry={() => void fetchBranches()} />
      ) : null}
      {load.state === 'ready' && load.data.length === 0 ? (
        <StateView state="empty" text="还没有支部，先新建一个" />
      ) : null}
      {load.state === 'ready' && load.data.length ? (
        <Text className="section-title">共 {load.data.length} 个支部</Text>
      ) : null}
      {[...byCollege.entries()].map(([college, list]) => (
        <Card key={college} title={college}>
          {list.map((b) => {
            const c = b.counts ?? {};
            const total = Object.values(c).reduce((a, n) => a + (n ?? 0), 0);
            return (
              <View key={b.id}>
                <ListItem
                  title={b.name}
                  description={[
                    b.linkedUnit,
                    b.secretaries?.length
                      ? `书记：${b.secretaries.map((s) => s.name).join('、')}`
                      : '未设书记',
                    `${total} 人${c.pending ? ` · ${c.pending} 待审核` : ''}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                  extra={b.kind ? <Badge>{BRANCH_KIND_LABELS[b.kind]}</Badge> : undefined}
                  onClick={() => setOpen(open === b.id ? null : b.id)}
                />
                {open === b.id ? (
                  <View className="branches__actions">
                    <Button size="small" type="secondary" onClick={() => edit(b)}>
                      编辑
                    </Button>
                    <Button
                      size="small"
                      type="secondary"
                      onClick={() => go(`${ROUTES.secretaryMembers}?branchId=${b.id}`)}
                    >
                      成员
                    </Button>
                    <Button
                      size="small"
                      type="secondary"
                      onClick={() => go(`${ROUTES.secretaryImport}?branchId=${b.id}`)}
                    >
                      导入
                    </Button>
                    <Button
                      size="small"
                      type="secondary"
                      onClick={() => go(`${ROUTES.secretaryBindings}?branchId=${b.id}`)}
                    >
                      审核
                    </Button>
                    <Button
                      size="small"
                      type="secondary"
                      onClick={() => go(`${ROUTES.adminRoles}?branchId=${b.id}`)}
                    >
                      角色
                    </Button>
                  </View>
                ) : null}
              </View>
            );
          })}
        </Card>
      ))}
    </View>
  );
}

function BranchForm({
  draft,
  onCancel,
  onSaved,
}: {
  draft: Draft;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const [d, setD] = useState<Draft>(draft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kindIndex = d.kind ? BRANCH_KINDS.indexOf(d.kind) : -1;

  const save = async () => {
    if (!d.name.trim()) {
      setError('请填写支部名称');
      return;
    }
    setBusy(true);
    setError(null);
    const fields = {
      name: d.name.trim(),
      ...(d.college.trim() ? { college: d.college.trim() } : {}),
      ...(d.kind ? { kind: d.kind } : {}),
      ...(d.linkedUnit.trim() ? { linkedUnit: d.linkedUnit.trim() } : {}),
    };
    try {
      if (d.id) await callApi('member', 'updateBranch', { branchId: d.id, ...fields });
      else await callApi('member', 'createBranch', fields);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved();
    } catch (e) {
      setError(isApiError(e) && e.code === 'CONFLICT' ? '已有同名支部' : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const field = (label: string, key: 'name' | 'college' | 'linkedUnit', placeholder: string, max: number) => (
    <View className="form__field">
      <Text className="form__label">{label}</Text>
      <Input
        className="ui-input form__input-box"
        value={d[key]}
        maxlength={max}
        placeholder={placeholder}
        onInput={(e) => setD({ ...d, [key]: e.detail.value })}
      />
    </View>
  );

  return (
    <Card title={d.id ? '编辑支部' : '新建支部'}>
      {field('支部名称', 'name', '例如：临床医学院内科学教研室党支部', 60)}
      {field('学院 / 部门', 'college', '例如：临床医学院', 60)}
      <View className="form__field">
        <Text className="form__label">支部类型</Text>
        <Picker
          mode="selector"
          range={BRANCH_KINDS.map((k) => BRANCH_KIND_LABELS[k])}
          value={Math.max(kindIndex, 0)}
          onChange={(e) => setD({ ...d, kind: BRANCH_KINDS[Number(e.detail.value)] })}
        >
          <View className="form__picker">
            <Text className={d.kind ? '' : 'muted'}>{d.kind ? BRANCH_KIND_LABELS[d.kind] : '请选择'}</Text>
            <Text className="muted">›</Text>
          </View>
        </Picker>
      </View>
      {field('对应教研室 / 实验室 / 科室（三位一体）', 'linkedUnit', '例如：内科学教研室', 100)}
      {error ? (
        <View className="form__alert" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}
      <View className="form__actions">
        <Button type="secondary" disabled={busy} onClick={onCancel}>
          取消
        </Button>
        <Button loading={busy} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </Card>
  );
}

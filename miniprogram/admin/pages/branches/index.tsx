import { useState } from 'react';
import { Input, View, Text } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { BranchKind, TBranch } from '@contract/member';
import { Badge, Button, Card, FormError, ListItem, Loaded, SelectField, TextField } from '@/components';
import MoreFooter from '@/components/MoreFooter';
import { useAction } from '@/hooks/useAction';
import { useBranchList } from '@/hooks/useBranches';
import { useSession } from '@/hooks/useSession';
import { callApi, isApiError } from '@/services/api';
import { BRANCH_KINDS } from '@contract/enums';
import { BRANCH_KIND_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import './index.scss';

interface Draft {
  id: string | null;
  name: string;
  college: string;
  kind: BranchKind | '';
  linkedUnit: string;
}
const EMPTY: Draft = { id: null, name: '', college: '', kind: '', linkedUnit: '' };

/**
 * Admin (subpackage `admin/`): the university's branches by name, 20 at a time (加载更多), searched
 * by name, with their secretaries and roster counts; create and edit.
 */
export default function AdminBranchesPage() {
  const session = useSession({ only: ['admin'], refusal: '只有管理员可以管理支部' });
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const { list: branches, more, loadMore } = useBranchList(query);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  usePullDownRefresh(() => {
    void branches.reload().finally(() => Taro.stopPullDownRefresh());
  });

  if (session.gate) return <View className="page">{session.gate}</View>;

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
            void branches.reload();
          }}
        />
      ) : (
        <Button block onClick={() => setDraft(EMPTY)}>
          新建支部
        </Button>
      )}
      <View className="branches__search">
        <Input
          className="ui-input branches__search-input"
          value={q}
          maxlength={60}
          placeholder="按支部名称搜索"
          confirmType="search"
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => setQuery(q.trim())}
        />
        <View className="branches__search-btn" role="button" onClick={() => setQuery(q.trim())}>
          搜索
        </View>
      </View>
      <Loaded
        load={branches.load}
        onRetry={() => void branches.reload()}
        loadingText="正在加载支部…"
        isEmpty={(p) => p.items.length === 0}
        emptyText={query ? `没有名称含“${query}”的支部` : '还没有支部，先新建一个'}
      >
        {(page) => {
          const total = page.total ?? page.items.length;
          return (
            <>
              <Text className="section-title">
                {query ? `名称含“${query}”的支部 ${total} 个` : `共 ${total} 个支部`}
              </Text>
              <Card>
                {page.items.map((b) => (
                  <View key={b.id}>
                    <ListItem
                      title={b.name}
                      description={describe(b)}
                      extra={b.kind ? <Badge>{BRANCH_KIND_LABELS[b.kind]}</Badge> : undefined}
                      onClick={() => setOpen(open === b.id ? null : b.id)}
                    />
                    {open === b.id ? <BranchActions b={b} onEdit={() => edit(b)} /> : null}
                  </View>
                ))}
              </Card>
              <MoreFooter
                more={more}
                hasMore={page.nextCursor !== null}
                shown={page.items.length}
                onMore={() => void loadMore()}
                label={`加载更多（还有 ${Math.max(total - page.items.length, 0)} 个）`}
                endText={`已显示全部 ${page.items.length} 个支部`}
              />
            </>
          );
        }}
      </Loaded>
    </View>
  );
}

/** College, tied unit, secretaries and roster counts of one branch, on one line. */
function describe(b: TBranch): string {
  const c = b.counts ?? {};
  const total = Object.values(c).reduce((a, n) => a + (n ?? 0), 0);
  return [
    b.college,
    b.linkedUnit,
    b.secretaries?.length ? `书记：${b.secretaries.map((s) => s.name).join('、')}` : '未设书记',
    `${total} 人${c.pending ? ` · ${c.pending} 待审核` : ''}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** What an admin does with one branch: edit it, or open its members, import, reviews or roles. */
function BranchActions({ b, onEdit }: { b: TBranch; onEdit: () => void }) {
  const to = (route: string) => () => go(`${route}?branchId=${b.id}`);
  return (
    <View className="branches__actions">
      <Button size="small" type="secondary" onClick={onEdit}>
        编辑
      </Button>
      <Button size="small" type="secondary" onClick={to(ROUTES.secretaryMembers)}>
        成员
      </Button>
      <Button size="small" type="secondary" onClick={to(ROUTES.secretaryImport)}>
        导入
      </Button>
      <Button size="small" type="secondary" onClick={to(ROUTES.secretaryBindings)}>
        审核
      </Button>
      <Button size="small" type="secondary" onClick={to(ROUTES.adminRoles)}>
        角色
      </Button>
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
  const { busy, msg, setMsg, run } = useAction();

  const save = async () => {
    if (!d.name.trim()) {
      setMsg({ ok: false, text: '请填写支部名称' });
      return;
    }
    const fields = {
      name: d.name.trim(),
      ...(d.college.trim() ? { college: d.college.trim() } : {}),
      ...(d.kind ? { kind: d.kind } : {}),
      ...(d.linkedUnit.trim() ? { linkedUnit: d.linkedUnit.trim() } : {}),
    };
    const saved = await run(
      () =>
        d.id
          ? callApi('member', 'updateBranch', { branchId: d.id, ...fields })
          : callApi('member', 'createBranch', fields),
      { toast: '已保存', fail: (e) => (isApiError(e) && e.code === 'CONFLICT' ? '已有同名支部' : undefined) },
    );
    if (saved) onSaved();
  };

  const field = (label: string, key: 'name' | 'college' | 'linkedUnit', placeholder: string, max: number) => (
    <TextField
      label={label}
      value={d[key]}
      maxlength={max}
      placeholder={placeholder}
      onChange={(v) => setD({ ...d, [key]: v })}
    />
  );

  return (
    <Card title={d.id ? '编辑支部' : '新建支部'}>
      {field('支部名称', 'name', '例如：临床医学院内科学教研室党支部', 60)}
      {field('学院 / 部门', 'college', '例如：临床医学院', 60)}
      <SelectField
        label="支部类型"
        values={BRANCH_KINDS}
        labelOf={(k) => BRANCH_KIND_LABELS[k]}
        value={d.kind || null}
        onChange={(kind) => setD({ ...d, kind })}
      />
      {field('对应教研室 / 实验室 / 科室（三位一体）', 'linkedUnit', '例如：内科学教研室', 100)}
      <FormError message={msg?.text} />
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

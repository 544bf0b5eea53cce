import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { BranchKind, TBranch, TListBranchesOutput } from '@contract/member';
import { Badge, Button, Card, FormError, ListItem, Loaded, SelectField, TextField } from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
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

/** Admin (subpackage `admin/`): every branch by college, with secretaries and roster counts; create and edit. */
export default function AdminBranchesPage() {
  const session = useSession({ only: ['admin'], refusal: '只有管理员可以管理支部' });
  const branches = useLoad(() => callApi('member', 'listBranches'), []);
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
      <Loaded
        load={branches.load}
        onRetry={() => void branches.reload()}
        loadingText="正在加载支部…"
        emptyText="还没有支部，先新建一个"
      >
        {(list) => (
          <>
            <Text className="section-title">共 {list.length} 个支部</Text>
            {[...byCollege(list).entries()].map(([college, inCollege]) => (
              <Card key={college} title={college}>
                {inCollege.map((b) => {
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
                      {open === b.id ? <BranchActions b={b} onEdit={() => edit(b)} /> : null}
                    </View>
                  );
                })}
              </Card>
            ))}
          </>
        )}
      </Loaded>
    </View>
  );
}

/** Branches grouped by college (`其他` for none), in the server's order. */
function byCollege(list: TListBranchesOutput): Map<string, TListBranchesOutput> {
  const groups = new Map<string, TListBranchesOutput>();
  for (const b of list) {
    const key = b.college || '其他';
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  return groups;
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

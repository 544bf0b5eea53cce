import { useEffect, useState } from 'react';
import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { OpenTo, ProjectCategory } from '@contract/enums';
import { PROJECT_CATEGORIES } from '@contract/enums';
import { CATEGORY_LABELS } from '@contract/labels';
import type { TListBranchesOutput, TListMembersOutput } from '@contract/member';
import { Button, Card, DateTimeField, SelectField, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { hasRole } from '@/stores/session';
import { ROUTES } from '@/utils/nav';
import { useSession } from '@/hooks/useSession';
import { dateInput, day, endOfDay } from '../../lib/common';
import '../../lib/project.scss';

const DAY = 86_400_000;

/**
 * Create a project (secretary, admin) — or, with `projectId`, add a task to it (the leader too);
 * with `taskId` as well, edit that task.
 */
export default function ProjectEditPage() {
  const { projectId, taskId } = useRouter().params;
  return projectId ? <TaskForm projectId={projectId} taskId={taskId} /> : <ProjectForm />;
}

function useMembers(branchId: string | null, enabled: boolean) {
  const [members, setMembers] = useState<TListMembersOutput | null>(null);
  useEffect(() => {
    if (!branchId || !enabled) return;
    callApi('member', 'listMembers', { branchId, status: 'active' }).then(setMembers, () => setMembers([]));
  }, [branchId, enabled]);
  return members;
}

function Result({ msg }: { msg: { ok: boolean; text: string } | null }) {
  return msg ? (
    <View className={`prj-result ${msg.ok ? 'prj-result--ok' : 'prj-result--bad'}`} role="status">
      <Text>{msg.text}</Text>
    </View>
  ) : null;
}

function ProjectForm() {
  const session = useSession();
  const isAdmin = hasRole(session, 'admin');
  const [branches, setBranches] = useState<TListBranchesOutput>([]);
  const [branchId, setBranchId] = useState<string | null>(session.member?.branchId ?? null);
  const members = useMembers(branchId, true);
  const [f, setF] = useState({
    title: '',
    goal: '',
    category: 'teaching' as ProjectCategory,
    due: dateInput(Date.now() + 60 * DAY),
    leader: '',
    openTo: 'branch' as OpenTo,
  });
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (isAdmin) callApi('member', 'listBranches').then(setBranches, () => setBranches([]));
  }, [isAdmin]);
  useEffect(() => {
    if (!branchId && session.member?.branchId) setBranchId(session.member.branchId);
  }, [branchId, session.member?.branchId]);

  if (session.loaded && !(hasRole(session, 'secretary') || isAdmin))
    return (
      <View className="page">
        <StateView state="empty" text="只有支部书记和管理员可以创建行动项目" />
      </View>
    );

  const leaderIdx = members ? members.findIndex((m) => m.id === f.leader) : -1;
  const submit = async () => {
    if (!branchId || !f.title.trim() || !f.goal.trim() || !f.leader) {
      setMsg({ ok: false, text: '请填写项目名称、目标并选择负责人' });
      return;
    }
    setBusy(true);
    setMsg(null);
    try {
      const r = await callApi('project', 'create', {
        branchId,
        title: f.title.trim(),
        goal: f.goal.trim(),
        category: f.category,
        startAt: Date.now(),
        dueAt: endOfDay(f.due),
        leaderMemberId: f.leader,
        openTo: f.openTo,
      });
      setMsg({ ok: true, text: '项目已创建（筹备中），请添加任务岗位后启动' });
      setTimeout(() => void Taro.redirectTo({ url: `${ROUTES.projectBoard}?id=${r.id}` }), 800);
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page prj-edit">
      <Card title="创建行动项目">
        {isAdmin && branches.length ? (
          <View className="form__field">
            <Text className="form__label">所属支部</Text>
            <Picker
              mode="selector"
              range={branches.map((b) => b.name)}
              value={Math.max(
                0,
                branches.findIndex((b) => b.id === branchId),
              )}
              onChange={(e) => {
                setBranchId(branches[Number(e.detail.value)].id);
                setF({ ...f, leader: '' });
              }}
            >
              <View className="form__picker">
                <Text>{branches.find((b) => b.id === branchId)?.name ?? '请选择支部'}</Text>
                <Text className="muted">›</Text>
              </View>
            </Picker>
          </View>
        ) : null}
        <View className="form__field">
          <Text className="form__label">项目名称</Text>
          <Input
            className="ui-input"
            maxlength={60}
            placeholder="例如：实验室安全隐患排查整改"
            value={f.title}
            onInput={(e) => setF({ ...f, title: e.detail.value })}
          />
        </View>
        <View className="form__field">
          <Text className="form__label">攻坚目标</Text>
          <Textarea
            className="form__textarea"
            maxlength={1000}
            placeholder="要解决的问题、目标与时限"
            value={f.goal}
            onInput={(e) => setF({ ...f, goal: e.detail.value })}
          />
        </View>
        <SelectField
          label="类别"
          values={PROJECT_CATEGORIES}
          labelOf={(c) => CATEGORY_LABELS[c]}
          value={f.category}
          onChange={(category) => setF({ ...f, category })}
        />
        <DateTimeField
          label="截止日期"
          mode="date"
          value={f.due}
          display={day(endOfDay(f.due))}
          onChange={(due) => setF({ ...f, due })}
        />
        <View className="form__field">
          <Text className="form__label">项目负责人（本支部党员）</Text>
          {members === null ? (
            <StateView state="loading" text="正在加载支部成员…" />
          ) : members.length === 0 ? (
            <StateView state="empty" text="该支部还没有已认证的党员" />
          ) : (
            <Picker
              mode="selector"
              range={members.map((m) => m.name)}
              value={Math.max(0, leaderIdx)}
              onChange={(e) => setF({ ...f, leader: members[Number(e.detail.value)].id })}
            >
              <View className="form__picker">
                <Text className={leaderIdx >= 0 ? '' : 'muted'}>
                  {leaderIdx >= 0 ? members[leaderIdx].name : '请选择负责人'}
                </Text>
                <Text className="muted">›</Text>
              </View>
            </Picker>
          )}
        </View>
        <View className="form__field form__picker">
          <Text>全校党员均可认领（跨支部项目）</Text>
          <Switch
            checked={f.openTo === 'all'}
            onChange={(e) => setF({ ...f, openTo: e.detail.value ? 'all' : 'branch' })}
          />
        </View>
        <Result msg={msg} />
        <View className="prj-actions">
          <Button block loading={busy} disabled={busy} onClick={() => void submit()}>
            创建项目
          </Button>
        </View>
      </Card>
    </View>
  );
}

function TaskForm({ projectId, taskId }: { projectId: string; taskId?: string }) {
  const session = useSession();
  const isStaff = hasRole(session, 'secretary') || hasRole(session, 'admin');
  const [project, setProject] = useState<{ branchId: string; title: string; leaderName: string } | null>(
    null,
  );
  const [loadError, setLoadError] = useState<string | null>(null);
  const [f, setF] = useState({
    title: '',
    duty: '',
    capacity: 1,
    due: dateInput(Date.now() + 30 * DAY),
    requiresApproval: false,
    evidenceRequired: false,
    reviewer: '' as string,
  });
  const members = useMembers(project?.branchId ?? null, isStaff);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    callApi('project', 'get', { projectId }).then(
      (p) => {
        setProject({ branchId: p.branchId, title: p.title, leaderName: p.leaderName });
        const t = taskId ? p.taskList.find((x) => x.id === taskId) : undefined;
        if (t)
          setF({
            title: t.title,
            duty: t.duty,
            capacity: t.capacity,
            due: dateInput(t.dueAt),
            requiresApproval: t.requiresApproval,
            evidenceRequired: t.evidenceRequired,
            reviewer: t.reviewerMemberId === p.leaderMemberId ? '' : t.reviewerMemberId,
          });
      },
      (e: unknown) => setLoadError(errorText(e)),
    );
  }, [projectId, taskId]);

  if (loadError)
    return (
      <View className="page">
        <StateView state="error" text={loadError} />
      </View>
    );
  if (!project)
    return (
      <View className="page">
        <StateView state="loading" text="正在加载项目…" />
      </View>
    );

  const reviewers = members ?? [];
  const ri = reviewers.findIndex((m) => m.id === f.reviewer);
  const submit = async () => {
    if (!f.title.trim() || !f.duty.trim()) {
      setMsg({ ok: false, text: '请填写岗位名称和职责' });
      return;
    }
    setBusy(true);
    setMsg(null);
    const fields = {
      title: f.title.trim(),
      duty: f.duty.trim(),
      capacity: f.capacity,
      dueAt: endOfDay(f.due),
      requiresApproval: f.requiresApproval,
      evidenceRequired: f.evidenceRequired,
    };
    try {
      if (taskId)
        await callApi('project', 'updateTask', { taskId, ...fields, reviewerMemberId: f.reviewer || null });
      else
        await callApi('project', 'addTask', {
          projectId,
          ...fields,
          ...(f.reviewer ? { reviewerMemberId: f.reviewer } : {}),
        });
      setMsg({ ok: true, text: taskId ? '任务已保存' : '任务岗位已添加，可继续添加' });
      if (!taskId) setF({ ...f, title: '', duty: '' });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page prj-edit">
      <Card title={taskId ? '修改任务岗位' : '添加任务岗位'}>
        <Text className="prj-card__meta">项目：{project.title}</Text>
        <View className="form__field">
          <Text className="form__label">岗位名称</Text>
          <Input
            className="ui-input"
            maxlength={60}
            placeholder="例如：危化品台账核查"
            value={f.title}
            onInput={(e) => setF({ ...f, title: e.detail.value })}
          />
        </View>
        <View className="form__field">
          <Text className="form__label">职责与完成标准</Text>
          <Textarea
            className="form__textarea"
            maxlength={1000}
            placeholder="做什么、做到什么程度算完成"
            value={f.duty}
            onInput={(e) => setF({ ...f, duty: e.detail.value })}
          />
        </View>
        <View className="form__field">
          <Text className="form__label">名额</Text>
          <View className="prj-chips">
            {[1, 2, 3, 4, 5, 8, 10].map((n) => (
              <View
                key={n}
                role="button"
                className={`prj-chip ${f.capacity === n ? 'prj-chip--on' : ''}`}
                onClick={() => setF({ ...f, capacity: n })}
              >
                <Text>{n} 人</Text>
              </View>
            ))}
          </View>
        </View>
        <DateTimeField
          label="截止日期"
          mode="date"
          value={f.due}
          display={day(endOfDay(f.due))}
          onChange={(due) => setF({ ...f, due })}
        />
        <View className="form__field form__picker">
          <Text>认领需负责人审批</Text>
          <Switch
            checked={f.requiresApproval}
            onChange={(e) => setF({ ...f, requiresApproval: e.detail.value })}
          />
        </View>
        <View className="form__field form__picker">
          <Text>成果需附照片佐证</Text>
          <Switch
            checked={f.evidenceRequired}
            onChange={(e) => setF({ ...f, evidenceRequired: e.detail.value })}
          />
        </View>
        {isStaff ? (
          <View className="form__field">
            <Text className="form__label">验收人（默认项目负责人 {project.leaderName}）</Text>
            <Picker
              mode="selector"
              range={['项目负责人', ...reviewers.map((m) => m.name)]}
              value={ri + 1}
              onChange={(e) => {
                const i = Number(e.detail.value) - 1;
                setF({ ...f, reviewer: i >= 0 ? reviewers[i].id : '' });
              }}
            >
              <View className="form__picker">
                <Text>{ri >= 0 ? reviewers[ri].name : '项目负责人'}</Text>
                <Text className="muted">›</Text>
              </View>
            </Picker>
          </View>
        ) : null}
        <Result msg={msg} />
        <View className="prj-actions">
          <Button block loading={busy} disabled={busy} onClick={() => void submit()}>
            {taskId ? '保存' : '添加岗位'}
          </Button>
          <Button block type="secondary" onClick={() => void Taro.navigateBack()}>
            返回项目看板
          </Button>
        </View>
      </Card>
    </View>
  );
}

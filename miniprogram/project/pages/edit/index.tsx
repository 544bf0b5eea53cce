import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { OpenTo, ProjectCategory } from '@contract/enums';
import { PROJECT_CATEGORIES } from '@contract/enums';
import { CATEGORY_LABELS } from '@contract/labels';
import type { TListMembersOutput } from '@contract/member';
import type { TGetProjectOutput } from '@contract/project';
import {
  Button,
  Card,
  Chips,
  DateTimeField,
  Field,
  Loaded,
  SelectField,
  StateView,
  SwitchField,
  TextAreaField,
  TextField,
} from '@/components';
import BranchPicker from '@/components/BranchPicker';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { hasRole } from '@/stores/session';
import { ROUTES } from '@/utils/nav';
import { useSession } from '@/hooks/useSession';
import { useAction } from '@/hooks/useAction';
import { dateInput, day, endOfDay, Result } from '../../lib/common';
import '../../lib/project.scss';

const DAY = 86_400_000;
const SEATS = [1, 2, 3, 4, 5, 8, 10];

/**
 * Create a project (secretary, admin) — or, with `projectId`, add a task to it (the leader too);
 * with `taskId` as well, edit that task.
 */
export default function ProjectEditPage() {
  const { projectId, taskId } = useRouter().params;
  return projectId ? <TaskForm projectId={projectId} taskId={taskId} /> : <ProjectForm />;
}

/** The branch's active members (leader and reviewer choices); an empty list if they cannot be read. */
function useMembers(branchId: string | null, enabled: boolean): TListMembersOutput | null {
  const members = useLoad(
    () => callApi('member', 'listMembers', { branchId: branchId ?? '', status: 'active' }),
    [branchId],
    { enabled: Boolean(branchId) && enabled },
  );
  return members.load.state === 'error' ? [] : members.data;
}

function ProjectForm() {
  const session = useSession({
    only: ['secretary', 'admin'],
    refusal: '只有支部书记和管理员可以创建行动项目',
  });
  const isAdmin = hasRole(session, 'admin');
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
  const { busy, msg, setMsg, run } = useAction();
  useEffect(() => {
    if (!branchId && session.member?.branchId) setBranchId(session.member.branchId);
  }, [branchId, session.member?.branchId]);

  if (session.gate) return <View className="page">{session.gate}</View>;

  const submit = async () => {
    if (!branchId || !f.title.trim() || !f.goal.trim() || !f.leader) {
      setMsg({ ok: false, text: '请填写项目名称、目标并选择负责人' });
      return;
    }
    const created = await run(
      () =>
        callApi('project', 'create', {
          branchId,
          title: f.title.trim(),
          goal: f.goal.trim(),
          category: f.category,
          startAt: Date.now(),
          dueAt: endOfDay(f.due),
          leaderMemberId: f.leader,
          openTo: f.openTo,
        }),
      { ok: '项目已创建（筹备中），请添加任务岗位后启动' },
    );
    const id = created?.answer.id;
    if (id) setTimeout(() => void Taro.redirectTo({ url: `${ROUTES.projectBoard}?id=${id}` }), 800);
  };

  return (
    <View className="page prj-edit">
      <Card title="创建行动项目">
        {isAdmin ? (
          <BranchPicker
            label="所属支部"
            value={branchId}
            onChange={(id) => {
              setBranchId(id);
              setF({ ...f, leader: '' });
            }}
          />
        ) : null}
        <TextField
          label="项目名称"
          maxlength={60}
          placeholder="例如：实验室安全隐患排查整改"
          value={f.title}
          onChange={(title) => setF({ ...f, title })}
        />
        <TextAreaField
          label="攻坚目标"
          maxlength={1000}
          placeholder="要解决的问题、目标与时限"
          value={f.goal}
          onChange={(goal) => setF({ ...f, goal })}
        />
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
        {members === null || members.length === 0 ? (
          <Field label="项目负责人（本支部党员）">
            {members === null ? (
              <StateView state="loading" text="正在加载支部成员…" />
            ) : (
              <StateView state="empty" text="该支部还没有已认证的党员" />
            )}
          </Field>
        ) : (
          <SelectField
            label="项目负责人（本支部党员）"
            values={members.map((m) => m.id)}
            labelOf={(id) => members.find((m) => m.id === id)?.name ?? ''}
            value={f.leader || null}
            placeholder="请选择负责人"
            onChange={(leader) => setF({ ...f, leader })}
          />
        )}
        <SwitchField
          label="全校党员均可认领（跨支部项目）"
          checked={f.openTo === 'all'}
          onChange={(all) => setF({ ...f, openTo: all ? 'all' : 'branch' })}
        />
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
  const project = useLoad(() => callApi('project', 'get', { projectId }), [projectId]);
  return (
    <View className="page prj-edit">
      <Loaded load={project.load} onRetry={() => void project.reload()} loadingText="正在加载项目…">
        {(p) => <TaskFields project={p} projectId={projectId} taskId={taskId} />}
      </Loaded>
    </View>
  );
}

/** The task form, filled from the task when one is edited. */
function TaskFields({
  project,
  projectId,
  taskId,
}: {
  project: TGetProjectOutput;
  projectId: string;
  taskId?: string;
}) {
  const session = useSession();
  const isStaff = hasRole(session, 'secretary') || hasRole(session, 'admin');
  const [f, setF] = useState(() => {
    const t = taskId ? project.taskList.find((x) => x.id === taskId) : undefined;
    return {
      title: t?.title ?? '',
      duty: t?.duty ?? '',
      capacity: t?.capacity ?? 1,
      due: dateInput(t?.dueAt ?? Date.now() + 30 * DAY),
      requiresApproval: t?.requiresApproval ?? false,
      evidenceRequired: t?.evidenceRequired ?? false,
      reviewer: !t || t.reviewerMemberId === project.leaderMemberId ? '' : t.reviewerMemberId,
    };
  });
  const members = useMembers(project.branchId, isStaff);
  const { busy, msg, setMsg, run } = useAction();

  const reviewers = members ?? [];
  const submit = async () => {
    if (!f.title.trim() || !f.duty.trim()) {
      setMsg({ ok: false, text: '请填写岗位名称和职责' });
      return;
    }
    const fields = {
      title: f.title.trim(),
      duty: f.duty.trim(),
      capacity: f.capacity,
      dueAt: endOfDay(f.due),
      requiresApproval: f.requiresApproval,
      evidenceRequired: f.evidenceRequired,
    };
    const saved = await run(
      () =>
        taskId
          ? callApi('project', 'updateTask', { taskId, ...fields, reviewerMemberId: f.reviewer || null })
          : callApi('project', 'addTask', {
              projectId,
              ...fields,
              ...(f.reviewer ? { reviewerMemberId: f.reviewer } : {}),
            }),
      { ok: taskId ? '任务已保存' : '任务岗位已添加，可继续添加' },
    );
    if (saved && !taskId) setF({ ...f, title: '', duty: '' });
  };

  return (
    <>
      <Card title={taskId ? '修改任务岗位' : '添加任务岗位'}>
        <Text className="prj-card__meta">项目：{project.title}</Text>
        <TextField
          label="岗位名称"
          maxlength={60}
          placeholder="例如：危化品台账核查"
          value={f.title}
          onChange={(title) => setF({ ...f, title })}
        />
        <TextAreaField
          label="职责与完成标准"
          maxlength={1000}
          placeholder="做什么、做到什么程度算完成"
          value={f.duty}
          onChange={(duty) => setF({ ...f, duty })}
        />
        <Field label="名额">
          <Chips
            values={SEATS}
            labelOf={(n) => `${n} 人`}
            isOn={(n) => f.capacity === n}
            onPick={(capacity) => setF({ ...f, capacity })}
          />
        </Field>
        <DateTimeField
          label="截止日期"
          mode="date"
          value={f.due}
          display={day(endOfDay(f.due))}
          onChange={(due) => setF({ ...f, due })}
        />
        <SwitchField
          label="认领需负责人审批"
          checked={f.requiresApproval}
          onChange={(requiresApproval) => setF({ ...f, requiresApproval })}
        />
        <SwitchField
          label="成果需附照片佐证"
          checked={f.evidenceRequired}
          onChange={(evidenceRequired) => setF({ ...f, evidenceRequired })}
        />
        {isStaff ? (
          <SelectField
            label={`验收人（默认项目负责人 ${project.leaderName}）`}
            values={['', ...reviewers.map((m) => m.id)]}
            labelOf={(id) => (id ? (reviewers.find((m) => m.id === id)?.name ?? '') : '项目负责人')}
            value={f.reviewer}
            onChange={(reviewer) => setF({ ...f, reviewer })}
          />
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
    </>
  );
}

/**
 * Demo data, action projects (issue 15): three projects in three branches — one open to every
 * member (cross-branch) — with tasks in every board state (open, in progress, full, in review, done,
 * overdue) and claims in every status, including one the `project` idle timer releases about 20
 * minutes after the seed (it was warned a week ago). Written in the stored shapes of
 * cloudfunctions/core/repos (projects, project-tasks, project-claims, project-history, claim-counters),
 * with `taken` and the counters computed from the claims, as the transactions keep them.
 */
import type { ClaimStatus, HistoryAction, Rating } from '../../types/enums';
import type { SeedContext, SeedMember } from './members';

type App = { database(): { collection(name: string): { add(data: unknown): Promise<unknown> } } };

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const IDLE = 14 * DAY;

export const PROJECT_IDS = {
  neike: 'prj-neike-sizheng',
  bingli: 'prj-bingli-anquan',
  yizhen: 'prj-zuzhi-yizhen',
} as const;

interface ClaimSpec {
  member: SeedMember;
  status: ClaimStatus;
  /** when it was claimed, relative to now */
  ago: number;
  progress?: { ago: number; note: string }[];
  result?: string;
  rating?: Rating;
  reason?: string;
  /** an active claim's idle clock start (default: last progress or claim) */
  idleFrom?: number;
  warned?: boolean;
}

interface TaskSpec {
  id: string;
  title: string;
  duty: string;
  capacity: number;
  due: number;
  requiresApproval?: boolean;
  evidenceRequired?: boolean;
  claims: ClaimSpec[];
}

interface ProjectSpec {
  id: string;
  branchId: string;
  title: string;
  goal: string;
  category: string;
  openTo: 'branch' | 'all';
  leader: SeedMember;
  startAgo: number;
  due: number;
  tasks: TaskSpec[];
}

const SEAT: ClaimStatus[] = ['pending', 'active', 'in_review', 'done'];
const OPEN: ClaimStatus[] = ['pending', 'active', 'in_review'];

export async function seedProjects(app: App, ctx: SeedContext, now = Date.now()) {
  const db = app.database();
  const active = (branchId: string) =>
    ctx.members.filter(
      (m) => m.branchId === branchId && m.status === 'active' && !m.roles.includes('secretary'),
    );
  const secOf = (branchId: string) => ctx.secretaries.find((s) => s.branchId === branchId)!;
  const nk = active('br-neike');
  const bl = active('br-bingli');
  const zz = active('br-zuzhi').filter((m) => !m.roles.includes('admin'));
  const hl = active(ctx.branches[6]?.id ?? 'br-neike');

  const projects: ProjectSpec[] = [
    {
      id: PROJECT_IDS.neike,
      branchId: 'br-neike',
      title: '内科学课程思政教学改革攻坚',
      goal: '一学期内完成内科学 6 个章节的课程思政案例库建设，并在 2023 级本科生中试讲，形成可推广的教学方案。',
      category: 'teaching',
      openTo: 'branch',
      leader: nk[0],
      startAgo: 40 * DAY,
      due: 60 * DAY,
      tasks: [
        {
          id: 'tsk-nk-case',
          title: '心血管章节思政案例编写',
          duty: '编写 3 个临床思政案例（含教学目标、讨论题），经教研室集体备课审定。',
          capacity: 2,
          due: 20 * DAY,
          claims: [
            {
              member: nk[1],
              status: 'active',
              ago: 12 * DAY,
              progress: [{ ago: 2 * DAY, note: '已完成 2 个案例初稿，正在补充讨论题。' }],
            },
          ],
        },
        {
          id: 'tsk-nk-trial',
          title: '试讲与学生反馈收集',
          duty: '在 2023 级本科生中试讲 2 次，收集不少于 60 份反馈问卷并汇总。',
          capacity: 1,
          due: 25 * DAY,
          evidenceRequired: true,
          claims: [
            {
              member: nk[2],
              status: 'in_review',
              ago: 20 * DAY,
              progress: [{ ago: 10 * DAY, note: '第一次试讲完成，回收问卷 34 份。' }],
              result: '两次试讲完成，回收问卷 68 份，满意度 94%，汇总报告已上传。',
            },
          ],
        },
        {
          id: 'tsk-nk-library',
          title: '案例库平台整理上线',
          duty: '将审定的案例整理上传至教学平台，并编写使用说明。',
          capacity: 1,
          due: 30 * DAY,
          claims: [
            {
              member: nk[3],
              status: 'done',
              ago: 30 * DAY,
              progress: [{ ago: 20 * DAY, note: '平台栏目已建好。' }],
              result: '案例库已上线，共 12 个案例，附使用说明。',
              rating: 'excellent',
            },
          ],
        },
        {
          id: 'tsk-nk-review',
          title: '同行评议组织',
          duty: '邀请兄弟教研室 3 位教师完成评议，形成评议意见。',
          capacity: 1,
          due: 35 * DAY,
          requiresApproval: true,
          claims: [
            {
              member: nk[4],
              status: 'rejected',
              ago: 9 * DAY,
              reason: '需由高年资教师牵头，请改认领其他岗位',
            },
            { member: nk[5], status: 'pending', ago: 1 * DAY },
          ],
        },
        {
          id: 'tsk-nk-silent',
          title: '学生思政素养测评问卷设计',
          duty: '设计前后测问卷，完成信效度检验。',
          capacity: 1,
          due: 40 * DAY,
          claims: [
            // warned a week ago, released by the idle timer ~20 minutes after the seed
            { member: nk[6], status: 'active', ago: 15 * DAY, idleFrom: now - IDLE + 20 * MIN, warned: true },
          ],
        },
        {
          id: 'tsk-nk-summary',
          title: '教改阶段总结材料',
          duty: '汇总各岗位成果，撰写阶段总结（不少于 3000 字）。',
          capacity: 1,
          due: -2 * DAY,
          claims: [
            { member: nk[7], status: 'released', ago: 25 * DAY, reason: '临时承担援疆医疗任务' },
            {
              member: nk[8],
              status: 'active',
              ago: 10 * DAY,
              progress: [{ ago: 3 * DAY, note: '提纲已完成。' }],
            },
          ],
        },
        {
          id: 'tsk-nk-open',
          title: '教学视频拍摄协调',
          duty: '联系电教中心，完成 2 个示范课视频的拍摄与剪辑。',
          capacity: 2,
          due: 45 * DAY,
          claims: [],
        },
      ],
    },
    {
      id: PROJECT_IDS.bingli,
      branchId: 'br-bingli',
      title: '病理学实验室安全隐患排查整改',
      goal: '对实验室危化品、生物安全柜和消防设施开展拉网式排查，一个月内完成全部整改并建立巡检台账。',
      category: 'safety',
      openTo: 'branch',
      leader: bl[0],
      startAgo: 10 * DAY,
      due: 30 * DAY,
      tasks: [
        {
          id: 'tsk-bl-chem',
          title: '危化品台账核查',
          duty: '逐柜核对危化品台账与实物，拍照留存并标注问题。',
          capacity: 2,
          due: 10 * DAY,
          evidenceRequired: true,
          claims: [
            {
              member: bl[1],
              status: 'active',
              ago: 5 * DAY,
              progress: [{ ago: 1 * DAY, note: '已核查 3 个柜，发现 2 处标签缺失。' }],
            },
            { member: bl[2], status: 'active', ago: 4 * DAY },
          ],
        },
        {
          id: 'tsk-bl-fire',
          title: '消防设施检查',
          duty: '检查灭火器、喷淋和疏散通道，填写检查表。',
          capacity: 1,
          due: 12 * DAY,
          claims: [
            {
              member: bl[3],
              status: 'done',
              ago: 8 * DAY,
              result: '检查表已完成，更换过期灭火器 2 具。',
              rating: 'good',
            },
          ],
        },
        {
          id: 'tsk-bl-cabinet',
          title: '生物安全柜年检联络',
          duty: '联系厂家完成 4 台生物安全柜年检并归档报告。',
          capacity: 1,
          due: 20 * DAY,
          claims: [],
        },
      ],
    },
    {
      id: PROJECT_IDS.yizhen,
      branchId: 'br-zuzhi',
      title: '“健康进社区”党员义诊志愿行动',
      goal: '联合附属医院在 3 个社区开展义诊与健康宣讲，全校党员均可认领岗位。',
      category: 'community',
      openTo: 'all',
      leader: zz[0],
      startAgo: 7 * DAY,
      due: 40 * DAY,
      tasks: [
        {
          id: 'tsk-yz-clinic',
          title: '义诊医生（内科）',
          duty: '在社区义诊点坐诊半天，完成不少于 20 人次咨询并记录。',
          capacity: 3,
          due: 21 * DAY,
          requiresApproval: true,
          claims: [
            { member: nk[0], status: 'active', ago: 5 * DAY },
            { member: hl[1] ?? nk[9], status: 'pending', ago: 2 * DAY },
            {
              member: zz[1],
              status: 'active',
              ago: 6 * DAY,
              progress: [{ ago: 1 * DAY, note: '已与社区卫生服务中心确定场地。' }],
            },
          ],
        },
        {
          id: 'tsk-yz-talk',
          title: '健康宣讲志愿者',
          duty: '准备 20 分钟慢病防治宣讲并在社区开讲一次。',
          capacity: 4,
          due: 28 * DAY,
          claims: [
            {
              member: bl[4],
              status: 'in_review',
              ago: 6 * DAY,
              result: '已在阳光社区宣讲高血压防治，听众 45 人。',
            },
          ],
        },
        {
          id: 'tsk-yz-logistics',
          title: '物资与后勤保障',
          duty: '采购血压计、宣传册等物资并负责现场布置。',
          capacity: 2,
          due: 14 * DAY,
          claims: [],
        },
      ],
    },
  ];

  const projectDocs: unknown[] = [];
  const taskDocs: unknown[] = [];
  const claimDocs: unknown[] = [];
  const historyDocs: unknown[] = [];
  const open = new Map<string, number>();
  let h = 0;
  const history = (
    claimId: string,
    t: { id: string },
    p: ProjectSpec,
    m: SeedMember,
    at: number,
    by: string,
    action: HistoryAction,
    extra: Record<string, unknown> = {},
  ) =>
    historyDocs.push({
      _id: `ph-${String(++h).padStart(5, '0')}`,
      claimId,
      taskId: t.id,
      projectId: p.id,
      branchId: p.branchId,
      memberId: m.id,
      round: 1,
      at,
      by,
      action,
      ...extra,
    });

  for (const p of projects) {
    if (!p.leader) continue;
    const sec = secOf(p.branchId);
    projectDocs.push({
      _id: p.id,
      branchId: p.branchId,
      title: p.title,
      goal: p.goal,
      category: p.category,
      startAt: now - p.startAgo,
      dueAt: now + p.due,
      leaderMemberId: p.leader.id,
      openTo: p.openTo,
      status: 'active',
      createdBy: sec.memberId,
      createdAt: now - p.startAgo - DAY,
      updatedAt: now - p.startAgo,
      activatedAt: now - p.startAgo,
      closedAt: null,
      closeReason: null,
    });
    for (const t of p.tasks) {
      const claims = t.claims.filter((c) => c.member);
      const dueAt = now + t.due;
      taskDocs.push({
        _id: t.id,
        projectId: p.id,
        branchId: p.branchId,
        projectStatus: 'active',
        openTo: p.openTo,
        leaderMemberId: p.leader.id,
        title: t.title,
        duty: t.duty,
        capacity: t.capacity,
        taken: claims.filter((c) => SEAT.includes(c.status)).length,
        dueAt,
        requiresApproval: t.requiresApproval ?? false,
        evidenceRequired: t.evidenceRequired ?? false,
        reviewerMemberId: null,
        // already past due: marked by the first timer run after the seed
        overdueCheckAt: dueAt + 1,
        overdueAt: null,
        createdBy: p.leader.id,
        createdAt: now - p.startAgo - DAY + 1,
        updatedAt: now - p.startAgo,
      });
      for (const c of claims) {
        const m = c.member;
        const claimId = `${t.id}:${m.id}`;
        const claimedAt = now - c.ago;
        const approved = t.requiresApproval ? claimedAt + 6 * 3600_000 : claimedAt;
        history(claimId, t, p, m, claimedAt, m.id, 'claimed');
        if (t.requiresApproval && c.status !== 'pending' && c.status !== 'rejected')
          history(claimId, t, p, m, approved, p.leader.id, 'approved');
        if (c.status === 'rejected')
          history(claimId, t, p, m, claimedAt + 3600_000, p.leader.id, 'rejected', { reason: c.reason });
        let last = approved;
        for (const pr of c.progress ?? []) {
          history(claimId, t, p, m, now - pr.ago, m.id, 'progress', { note: pr.note });
          last = now - pr.ago;
        }
        const warnedAt = c.warned ? (c.idleFrom ?? last) + IDLE / 2 : null;
        if (warnedAt !== null)
          history(claimId, t, p, m, warnedAt, 'system', 'warned', {
            reason: '成员未订阅提醒，已列入待联系名单',
          });
        const submittedAt = c.result ? now - Math.min(c.ago, 3 * DAY) + DAY : null;
        if (c.result) history(claimId, t, p, m, submittedAt!, m.id, 'submitted', { result: c.result });
        if (c.status === 'done')
          history(claimId, t, p, m, submittedAt! + 3600_000, p.leader.id, 'accepted', { rating: c.rating });
        if (c.status === 'released')
          history(claimId, t, p, m, claimedAt + 4 * DAY, m.id, 'released', { reason: c.reason });
        const idleFrom = c.idleFrom ?? last;
        const isActive = c.status === 'active';
        claimDocs.push({
          _id: claimId,
          taskId: t.id,
          projectId: p.id,
          branchId: p.branchId,
          memberId: m.id,
          memberBranchId: m.branchId,
          status: c.status,
          round: 1,
          claimedAt,
          approvedAt: c.status === 'pending' || c.status === 'rejected' ? null : approved,
          idleFrom,
          idleLimitMs: IDLE,
          warnedAt,
          warnChannel: warnedAt !== null ? 'unreachable' : null,
          idleCheckAt: isActive ? (warnedAt !== null ? idleFrom + IDLE : idleFrom + IDLE / 2) : null,
          lastProgressAt: c.progress?.length ? now - c.progress[c.progress.length - 1].ago : null,
          result: c.result ?? null,
          resultEvidence: [],
          submittedAt,
          rating: c.rating ?? null,
          reviewedBy: c.status === 'done' ? p.leader.id : null,
          reviewedAt: c.status === 'done' ? submittedAt! + 3600_000 : null,
          returnReason: c.status === 'rejected' ? (c.reason ?? null) : null,
          endedAt: ['released', 'rejected', 'done'].includes(c.status) ? now - DAY : null,
          endReason: c.status === 'released' || c.status === 'rejected' ? (c.reason ?? null) : null,
          updatedAt: Math.max(claimedAt, last, submittedAt ?? 0),
        });
        if (OPEN.includes(c.status)) open.set(m.id, (open.get(m.id) ?? 0) + 1);
      }
    }
  }
  await db.collection('projects').add(projectDocs);
  await db.collection('project_tasks').add(taskDocs);
  await db.collection('project_claims').add(claimDocs);
  await db.collection('project_history').add(historyDocs);
  const counters = [...open].map(([memberId, n]) => ({ _id: memberId, open: n, updatedAt: now }));
  if (counters.length > 0) await db.collection('claim_counters').add(counters);
  return { projects: projectDocs.length, tasks: taskDocs.length, claims: claimDocs.length };
}

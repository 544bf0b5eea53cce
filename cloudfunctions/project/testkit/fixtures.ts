import type { LocalCloudHandle } from '../../../testing/cloud';
import { addBranches, allWhere, memberDoc } from '../../../testing/fixtures';
import type { Envelope } from '../../../types/envelope';

/**
 * Fixtures for project tests, through the real SDK and the gateway. Branches b1 (the project's),
 * b2 (another); in b1: `sec` (secretary), `lead` (the leader), `rev` (a reviewer), `m1`…`m6`
 * (members); in b2: `sec2`, `x`, `y`. `o_admin` is a bootstrap admin without a roster row;
 * `o_new` is a WeChat user who never bound; `pend` is a pending binding of b1.
 */
export const ENV = { APP_ADMIN_OPENIDS: 'o_admin', APP_TEMPLATE_TASK_REMINDER: 'tpl-task-reminder' };
export const DAY = 86_400_000;

export async function seedPeople(cloud: LocalCloudHandle, t0: number, extra: string[] = []): Promise<void> {
  await addBranches(cloud, t0, ['b1', 'b2']);
  const db = cloud.db();
  const rows = [
    memberDoc(t0, 'sec', 'b1', ['member', 'secretary']),
    memberDoc(t0, 'lead', 'b1'),
    memberDoc(t0, 'rev', 'b1'),
    ...['m1', 'm2', 'm3', 'm4', 'm5', 'm6', ...extra].map((id) => memberDoc(t0, id, 'b1')),
    memberDoc(t0, 'sec2', 'b2', ['member', 'secretary']),
    memberDoc(t0, 'x', 'b2'),
    memberDoc(t0, 'y', 'b2'),
    memberDoc(t0, 'pend', 'b1', ['member'], { status: 'pending' }),
  ];
  for (let i = 0; i < rows.length; i += 200) await db.collection('members').add(rows.slice(i, i + 200));
}

export function caller(cloud: LocalCloudHandle) {
  return <T = unknown>(action: string, payload: unknown, who?: string): Promise<Envelope<T>> =>
    cloud.call<T>('project', { action, payload }, who);
}

/** The data of a successful answer, or a thrown error naming the code. */
export async function ok<T>(p: Promise<Envelope<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.data;
}

export async function code(p: Promise<Envelope<unknown>>): Promise<string> {
  const r = await p;
  return r.ok ? 'OK' : r.error.code;
}

export interface ProjectOpts {
  openTo?: 'branch' | 'all';
  tasks?: {
    title?: string;
    capacity?: number;
    dueAt?: number;
    requiresApproval?: boolean;
    evidenceRequired?: boolean;
    reviewerMemberId?: string;
  }[];
  activate?: boolean;
  leader?: string;
}

/** A project of b1 led by `lead` (created by `sec`), its tasks, activated unless told otherwise. */
export async function makeProject(
  cloud: LocalCloudHandle,
  now: number,
  o: ProjectOpts = {},
): Promise<{ projectId: string; taskIds: string[] }> {
  const call = caller(cloud);
  const { id: projectId } = await ok(
    call<{ id: string }>(
      'create',
      {
        branchId: 'b1',
        title: '临床技能中心安全攻坚',
        goal: '三个月内完成实验室安全隐患排查与整改',
        category: 'safety',
        dueAt: now + 60 * DAY,
        leaderMemberId: o.leader ?? 'lead',
        openTo: o.openTo ?? 'branch',
      },
      'o_sec',
    ),
  );
  const taskIds: string[] = [];
  for (const [i, t] of (o.tasks ?? [{}]).entries()) {
    const { taskId } = await ok(
      call<{ taskId: string }>(
        'addTask',
        {
          projectId,
          title: t.title ?? `岗位${i + 1}`,
          duty: '完成本岗位排查并提交整改记录',
          capacity: t.capacity ?? 1,
          dueAt: t.dueAt ?? now + 30 * DAY,
          requiresApproval: t.requiresApproval,
          evidenceRequired: t.evidenceRequired,
          reviewerMemberId: t.reviewerMemberId,
        },
        'o_lead',
      ),
    );
    taskIds.push(taskId);
  }
  if (o.activate !== false) await ok(call('activate', { projectId }, 'o_lead'));
  return { projectId, taskIds };
}

export async function docOf(
  cloud: LocalCloudHandle,
  coll: string,
  id: string,
): Promise<Record<string, unknown> | null> {
  const res = await cloud.db().collection(coll).doc(id).get();
  const d = Array.isArray(res.data) ? res.data[0] : res.data;
  return (d as Record<string, unknown> | undefined) ?? null;
}

export const historyOf = async (cloud: LocalCloudHandle, claimId: string) =>
  (await allWhere(cloud, 'project_history', { claimId })).sort((a, b) => (a.at as number) - (b.at as number));

/** Uploads a tiny PNG through a photo ticket of `claimId` as `who`; answers the file id. */
export async function uploadPhoto(cloud: LocalCloudHandle, claimId: string, who: string): Promise<string> {
  const t = await ok(
    caller(cloud)<{ fileId: string; upload: { url: string; headers: Record<string, string> } }>(
      'photoTicket',
      { claimId, ext: 'png' },
      who,
    ),
  );
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const res = await fetch(t.upload.url, { method: 'PUT', headers: t.upload.headers, body: png });
  if (!res.ok) throw new Error(`upload: HTTP ${res.status}`);
  return t.fileId;
}

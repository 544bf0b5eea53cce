import { type TIdleTimerOutput, PROJECT_TEMPLATE_KEY } from '../../../types/project';
import { DAY_MS, idleDecision, idleSchedule, nextIdleCheck } from '../../core/domain/project';
import {
  buildTaskReminderData,
  ERRCODE_REFUSED,
  templateIdFor,
  templatesConfig,
} from '../../core/domain/reminder';
import { logError, logInfo } from '../../core/log';
import { appendAudit } from '../../core/repos/audit';
import { releaseOpenTx } from '../../core/repos/claim-counters';
import { restoreCredit, takeCreditTx, zeroCredit } from '../../core/repos/credits';
import type { Transaction } from '../../core/repos/db';
import { isUnboundOpenid, membersByIds } from '../../core/repos/members';
import {
  claimsDueForIdleCheck,
  getClaim,
  markWarnUnreachable,
  putClaimTx,
  type ClaimDoc,
} from '../../core/repos/project-claims';
import { appendHistoryTx, claimHistoryFields } from '../../core/repos/project-history';
import { getTask, tasksToMarkOverdue, updateTaskTx, type TaskDoc } from '../../core/repos/project-tasks';
import { sendSubscribeMessage } from '../../core/repos/subscribe-messages';
import type { TimerContext } from '../../core/router';
import { contended } from './common';

/**
 * The `idle` timer (config.json: every 15 minutes). Timers scan, transactions decide:
 * an indexed query reads the active claims whose `idleCheckAt` has come (never the quiet ones), and
 * each batch of up to `BATCH` claims is decided in ONE transaction that re-reads every claim and
 * asks the idle clock (domain/project idleDecision) again — so two overlapping runs act once: the
 * second sees the claim already warned (its check moved to the release instant) or released.
 *
 * - warn (half the idle limit): a subscribe message when the member holds a `taskReminder` credit
 *   (taken in the same transaction), else the claim goes on the leader's unreachable list;
 * - release (the limit): `auto_released`, the seat and the member's open-claim slot given back,
 *   a history entry by `system`;
 * - overdue: tasks past their due instant get `overdueAt` (once; an audit entry each).
 *
 * Batches are made of WHOLE tasks (up to `BATCH` claims): a task's document is read and written once
 * per batch, and two batches in flight never touch the same task — a task split over two concurrent
 * batches made them clash on its seat count (write-write conflict, abort, retry after a pause),
 * which under load cost more than the work itself. A task with more due claims than `BATCH` is cut
 * into batches that one worker runs one after another. `CONCURRENCY` batches in flight — as the
 * reminder dispatch does (deliver.ts); each transaction stays short (≈ 4 requests per claim).
 * Messages are sent after the decisions, `CONCURRENCY` at a time.
 *
 * `IDLE_TIMEOUT_SEC` equals config.json `timeout` (a test checks it); batches start only until
 * `SAFETY_MARGIN_MS` before it, the rest is `deferred` to the next run.
 */
export const IDLE_TIMEOUT_SEC = 60;
export const SAFETY_MARGIN_MS = 10_000;
export const BATCH = 20;
export const CONCURRENCY = 16;
const PAGE = 1000;

interface Warning {
  claim: ClaimDoc;
  task: TaskDoc;
}

function reasonFor(c: ClaimDoc): string {
  return `连续${Math.round(c.idleLimitMs / DAY_MS)}天未更新进展，系统自动释放`;
}

/** One batch of claims in one transaction; answers what it did. */
async function decideBatch(
  ids: readonly string[],
  now: number,
): Promise<{ released: number; warned: Warning[]; unreachable: number }> {
  return contended(async (tx: Transaction) => {
    const tasks = new Map<string, TaskDoc | null>();
    /** member → claims of theirs released in this batch */
    const counters = new Map<string, number>();
    const changed = new Set<string>();
    const out = { released: 0, warned: [] as Warning[], unreachable: 0 };
    const taskOf = async (id: string) => {
      if (!tasks.has(id)) tasks.set(id, await getTask(id, tx));
      return tasks.get(id) ?? null;
    };
    for (const id of ids) {
      const c = await getClaim(id, tx);
      if (!c) continue;
      const task = await taskOf(c.taskId);
      if (!task || task.projectStatus !== 'active') continue;
      const d = idleDecision(c, now);
      if (d === 'none') continue;
      if (d === 'release') {
        const next: ClaimDoc = {
          ...c,
          status: 'auto_released',
          idleCheckAt: null,
          endedAt: now,
          endReason: reasonFor(c),
          updatedAt: now,
        };
        await putClaimTx(tx, next);
        task.taken = Math.max(0, task.taken - 1);
        changed.add(c.taskId);
        counters.set(c.memberId, (counters.get(c.memberId) ?? 0) + 1);
        await appendHistoryTx(tx, {
          ...claimHistoryFields(c),
          at: now,
          by: 'system',
          action: 'auto_released',
          reason: reasonFor(c),
        });
        out.released++;
      } else {
        const credit = await takeCreditTx(tx, c.memberId, PROJECT_TEMPLATE_KEY, now);
        const next: ClaimDoc = {
          ...c,
          warnedAt: now,
          warnChannel: credit ? 'message' : 'unreachable',
          updatedAt: now,
        };
        next.idleCheckAt = nextIdleCheck(next);
        await putClaimTx(tx, next);
        await appendHistoryTx(tx, {
          ...claimHistoryFields(c),
          at: now,
          by: 'system',
          action: 'warned',
          reason: credit ? '已发送提醒消息' : '成员未订阅提醒，已列入待联系名单',
        });
        if (credit) out.warned.push({ claim: next, task });
        else out.unreachable++;
      }
    }
    // a warning moves no seat: only the tasks with a release are written
    for (const id of changed) await updateTaskTx(tx, id, { taken: tasks.get(id)!.taken, updatedAt: now });
    for (const [memberId, n] of counters) await releaseOpenTx(tx, memberId, n, now);
    return out;
  });
}

/** Sends the warnings whose credit was taken; a refusal puts the claim on the unreachable list. */
async function sendWarnings(ws: readonly Warning[], now: number, requestId: string): Promise<number> {
  if (ws.length === 0) return 0;
  const members = new Map((await membersByIds(ws.map((w) => w.claim.memberId))).map((m) => [m._id, m]));
  const spec = templatesConfig.templates.taskReminder;
  const templateId = templateIdFor(PROJECT_TEMPLATE_KEY);
  let sent = 0;
  let next = 0;
  const one = async (w: Warning) => {
    const m = members.get(w.claim.memberId);
    const unreachable = () => markWarnUnreachable(w.claim._id, now);
    if (!m || !m.openid || isUnboundOpenid(m.openid)) {
      await restoreCredit(w.claim.memberId, PROJECT_TEMPLATE_KEY, now);
      await unreachable();
      return;
    }
    const out = await sendSubscribeMessage({
      touser: m.openid,
      templateId,
      page: `${spec.page}?id=${encodeURIComponent(w.claim._id)}`,
      data: buildTaskReminderData(w.task, idleSchedule(w.claim.idleFrom, w.claim.idleLimitMs).releaseAt),
    });
    if (out.ok) sent++;
    else {
      if (out.errcode === ERRCODE_REFUSED) await zeroCredit(w.claim.memberId, PROJECT_TEMPLATE_KEY, now);
      else if (out.errcode !== null) await restoreCredit(w.claim.memberId, PROJECT_TEMPLATE_KEY, now);
      // no answer: the message may have arrived, the credit stays spent — but the leader should know
      await unreachable();
      logError(
        { requestId, fn: 'project', action: 'idle', errcode: out.errcode ?? undefined },
        new Error('task reminder not delivered'),
      );
    }
  };
  // CONCURRENCY sends in flight (each is an open-API call and, on failure, a credit transaction)
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, ws.length) }, async () => {
      for (let w = ws[next++]; w; w = ws[next++]) await one(w);
    }),
  );
  return sent;
}

async function markOverdue(now: number, deadline: number): Promise<number> {
  let marked = 0;
  for (;;) {
    if (Date.now() >= deadline) return marked;
    const due = await tasksToMarkOverdue(now, 200);
    if (due.length === 0) return marked;
    for (const t of due) {
      const done = await contended(async (tx) => {
        const cur = await getTask(t._id, tx);
        if (!cur || cur.overdueCheckAt === null || cur.overdueCheckAt > now) return false;
        // a closed project's tasks, or a task whose seats are all done, need no mark
        await updateTaskTx(tx, t._id, {
          overdueCheckAt: null,
          overdueAt: cur.projectStatus === 'active' ? now : null,
          updatedAt: now,
        });
        if (cur.projectStatus !== 'active') return false;
        await appendAudit(
          {
            actor: 'system',
            action: 'project.overdue',
            targetType: 'project_task',
            targetId: t._id,
            branchId: t.branchId,
            after: { dueAt: cur.dueAt, taken: cur.taken, capacity: cur.capacity },
          },
          now,
          tx,
        );
        return true;
      });
      if (done) marked++;
    }
  }
}

/**
 * The page's claims as lanes of batches of claim ids. A batch holds whole tasks (≤ BATCH claims); a
 * task with more due claims than BATCH gets a lane of its own whose batches run one after another
 * (never two transactions on one task document at once).
 */
export function lanesOf(page: readonly Pick<ClaimDoc, '_id' | 'taskId'>[]): string[][][] {
  const byTask = new Map<string, string[]>();
  for (const c of page) {
    const ids = byTask.get(c.taskId);
    if (ids) ids.push(c._id);
    else byTask.set(c.taskId, [c._id]);
  }
  const lanes: string[][][] = [];
  let open: string[] = [];
  for (const ids of byTask.values()) {
    if (ids.length > BATCH) {
      const lane: string[][] = [];
      for (let i = 0; i < ids.length; i += BATCH) lane.push(ids.slice(i, i + BATCH));
      lanes.push(lane);
      continue;
    }
    if (open.length + ids.length > BATCH) {
      lanes.push([open]);
      open = [];
    }
    open.push(...ids);
  }
  if (open.length > 0) lanes.push([open]);
  return lanes;
}

export async function idle(t: TimerContext): Promise<TIdleTimerOutput> {
  const now = t.now;
  const deadline = Date.now() + IDLE_TIMEOUT_SEC * 1000 - SAFETY_MARGIN_MS;
  const out: TIdleTimerOutput = { warned: 0, released: 0, overdue: 0, messaged: 0, deferred: 0 };
  const warnings: Warning[] = [];
  let after = -1;
  for (;;) {
    const page = await claimsDueForIdleCheck(now, PAGE, after);
    if (page.length === 0) break;
    // next page strictly after this one's last instant; claims sharing it are all in this page unless
    // more than PAGE share one instant, in which case the next run picks up the rest
    after = page[page.length - 1].idleCheckAt ?? after;
    const lanes = lanesOf(page);
    let next = 0;
    const worker = async () => {
      for (;;) {
        const lane = lanes[next++];
        if (!lane) return;
        for (const b of lane) {
          if (Date.now() >= deadline) {
            out.deferred += b.length;
            continue;
          }
          try {
            const r = await decideBatch(b, now);
            out.released += r.released;
            out.warned += r.warned.length + r.unreachable;
            warnings.push(...r.warned);
          } catch (err) {
            // nothing of this batch was written; the next run retries it
            out.deferred += b.length;
            logError({ requestId: t.requestId, fn: 'project', action: 'idle', batch: b.length }, err);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, lanes.length) }, worker));
    if (page.length < PAGE || Date.now() >= deadline) break;
  }
  out.messaged = await sendWarnings(warnings, now, t.requestId);
  out.overdue = await markOverdue(now, deadline);
  logInfo({
    requestId: t.requestId,
    fn: t.fn,
    trigger: t.trigger,
    warned: out.warned,
    messaged: out.messaged,
    released: out.released,
    overdue: out.overdue,
    deferred: out.deferred,
  });
  return out;
}

import type { ClaimStatus, ErrorCode, ProjectStatus, TaskState } from '../../../../types';
import { DEFAULT_CLAIM_LIMIT, DEFAULT_IDLE_LIMIT_DAYS } from '../../../../types/project';
import { isOpen, transition } from './claim-machine';

/**
 * Rules of claiming and of going silent (docs/projects.md). Pure, `now` passed in; the claim
 * transaction and the idle timer call these with what they read inside their transaction.
 */
export const DAY_MS = 24 * 3600_000;
export const DEFAULT_IDLE_LIMIT_MS = DEFAULT_IDLE_LIMIT_DAYS * DAY_MS;

// ---- claiming -----------------------------------------------------------------------------------
export interface ClaimFacts {
  projectStatus: ProjectStatus;
  task: { capacity: number; taken: number; dueAt: number; requiresApproval: boolean };
  /** the member's claim on this task, if any (one per member and task, reused by later rounds) */
  existing: { status: ClaimStatus } | null;
  /** the member's open claims (pending, active, in_review) over all projects */
  openClaims: number;
  /** the cap of the member's branch */
  claimLimit: number;
  now: number;
}

export type ClaimDecision =
  | { kind: 'duplicate'; status: ClaimStatus }
  | {
      kind: 'refuse';
      code: Extract<ErrorCode, 'PROJECT_NOT_ACTIVE' | 'TASK_OVERDUE' | 'TASK_FULL' | 'CLAIM_LIMIT'>;
    }
  | { kind: 'claim'; status: ClaimStatus };

/**
 * May the member take a seat now? A member who holds the claim (open or done) gets it back,
 * whatever else changed since — claiming twice is one claim. Otherwise, in this order: the project
 * must be active, the task not past its due instant (due instant itself still counts), a seat free,
 * and the member under the cap.
 */
export function evaluateClaim(f: ClaimFacts): ClaimDecision {
  if (f.existing && (isOpen(f.existing.status) || f.existing.status === 'done'))
    return { kind: 'duplicate', status: f.existing.status };
  if (f.projectStatus !== 'active') return { kind: 'refuse', code: 'PROJECT_NOT_ACTIVE' };
  if (f.now > f.task.dueAt) return { kind: 'refuse', code: 'TASK_OVERDUE' };
  if (f.task.taken >= f.task.capacity) return { kind: 'refuse', code: 'TASK_FULL' };
  if (f.openClaims >= f.claimLimit) return { kind: 'refuse', code: 'CLAIM_LIMIT' };
  const t = transition(f.existing?.status ?? null, 'claim', { requiresApproval: f.task.requiresApproval });
  // every ended status may be claimed again; anything else was answered as a duplicate above
  if (!t.ok) return { kind: 'refuse', code: 'TASK_FULL' };
  return { kind: 'claim', status: t.to };
}

export function claimLimitOf(settings: { claimLimit?: number } | null | undefined): number {
  return settings?.claimLimit ?? DEFAULT_CLAIM_LIMIT;
}

export function idleLimitMsOf(settings: { idleLimitDays?: number } | null | undefined): number {
  return (settings?.idleLimitDays ?? DEFAULT_IDLE_LIMIT_DAYS) * DAY_MS;
}

// ---- the idle clock -----------------------------------------------------------------------------
/**
 * An active claim's idle clock runs from `idleFrom` — when it became active (claimed without
 * approval, approved, returned) or its last progress note. Warned at half the limit, released at the
 * limit; both instants belong to their step (at exactly `warnAt` the warning is due).
 */
export interface IdleClaim {
  status: ClaimStatus;
  idleFrom: number;
  idleLimitMs: number;
  /** set when this idle period's warning went out (cleared by progress) */
  warnedAt: number | null;
}

export function idleSchedule(idleFrom: number, idleLimitMs: number): { warnAt: number; releaseAt: number } {
  return { warnAt: idleFrom + Math.floor(idleLimitMs / 2), releaseAt: idleFrom + idleLimitMs };
}

export type IdleDecision = 'release' | 'warn' | 'none';

/** What the timer does to a claim now. Past the limit it releases, even if no warning went out. */
export function idleDecision(c: IdleClaim, now: number): IdleDecision {
  if (c.status !== 'active') return 'none';
  const { warnAt, releaseAt } = idleSchedule(c.idleFrom, c.idleLimitMs);
  if (now >= releaseAt) return 'release';
  if (now >= warnAt && c.warnedAt === null) return 'warn';
  return 'none';
}

/**
 * When the timer must look at the claim next (the indexed `idleCheckAt`): its warning instant until
 * warned, then its release instant; `null` for a claim that is not active (the timer never reads it).
 */
export function nextIdleCheck(c: IdleClaim): number | null {
  if (c.status !== 'active') return null;
  const { warnAt, releaseAt } = idleSchedule(c.idleFrom, c.idleLimitMs);
  return c.warnedAt === null ? warnAt : releaseAt;
}

/** Silent: an active claim past its warning instant (warned or about to be). */
export function isSilent(c: IdleClaim, now: number): boolean {
  return c.status === 'active' && now >= idleSchedule(c.idleFrom, c.idleLimitMs).warnAt;
}

// ---- the board ----------------------------------------------------------------------------------
export interface BoardTask {
  capacity: number;
  dueAt: number;
}

/**
 * A task's state on the board, from its seat-holding claims:
 * done (every seat-holder done, and the seats are full or the due instant has passed) >
 * overdue (past due, not done) > in_review (a result waits) > full (no seat left) >
 * in_progress (someone works, seats left) > open (nobody holds it).
 */
export function taskState(
  task: BoardTask,
  claims: readonly { status: ClaimStatus }[],
  now: number,
): TaskState {
  const holding = claims.filter((c) => isOpen(c.status) || c.status === 'done');
  const done = holding.filter((c) => c.status === 'done').length;
  const past = now > task.dueAt;
  if (holding.length > 0 && done === holding.length && (holding.length >= task.capacity || past))
    return 'done';
  if (past) return 'overdue';
  if (holding.some((c) => c.status === 'in_review')) return 'in_review';
  if (holding.length >= task.capacity) return 'full';
  if (holding.length > 0) return 'in_progress';
  return 'open';
}

/** Counts for a list of task states: done, overdue, open (neither), completion = done ÷ tasks. */
export function projectCounts(states: readonly TaskState[]): {
  tasks: number;
  done: number;
  open: number;
  overdue: number;
  completion: number;
} {
  const tasks = states.length;
  const done = states.filter((s) => s === 'done').length;
  const overdue = states.filter((s) => s === 'overdue').length;
  return { tasks, done, overdue, open: tasks - done - overdue, completion: tasks === 0 ? 0 : done / tasks };
}

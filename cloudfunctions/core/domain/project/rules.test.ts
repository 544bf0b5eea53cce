import {
  DAY_MS,
  DEFAULT_IDLE_LIMIT_MS,
  evaluateClaim,
  type ClaimFacts,
  idleDecision,
  idleSchedule,
  isSilent,
  nextIdleCheck,
  projectCounts,
  taskState,
} from './rules';

const NOW = Date.UTC(2026, 11, 3, 2, 0, 0); // 2026-12-03 10:00 Asia/Shanghai, pinned

const facts = (o: Partial<ClaimFacts> = {}): ClaimFacts => ({
  projectStatus: 'active',
  task: { capacity: 3, taken: 0, dueAt: NOW + DAY_MS, requiresApproval: false },
  existing: null,
  openClaims: 0,
  claimLimit: 3,
  now: NOW,
  ...o,
});

describe('evaluateClaim', () => {
  it('takes a free seat as active, or pending when the task needs approval', () => {
    expect(evaluateClaim(facts())).toEqual({ kind: 'claim', status: 'active' });
    expect(
      evaluateClaim(facts({ task: { capacity: 1, taken: 0, dueAt: NOW + 1, requiresApproval: true } })),
    ).toEqual({ kind: 'claim', status: 'pending' });
  });

  it('answers the same claim when the member already holds it (open or done), even if the task is full now', () => {
    for (const status of ['pending', 'active', 'in_review', 'done'] as const)
      expect(
        evaluateClaim(
          facts({
            existing: { status },
            task: { capacity: 1, taken: 1, dueAt: NOW - 1, requiresApproval: false },
          }),
        ),
      ).toEqual({ kind: 'duplicate', status });
  });

  it('refuses in a draft or closed project', () => {
    expect(evaluateClaim(facts({ projectStatus: 'draft' }))).toEqual({
      kind: 'refuse',
      code: 'PROJECT_NOT_ACTIVE',
    });
    expect(evaluateClaim(facts({ projectStatus: 'closed' }))).toEqual({
      kind: 'refuse',
      code: 'PROJECT_NOT_ACTIVE',
    });
  });

  it('accepts a claim exactly at the due instant and refuses one millisecond later', () => {
    const task = { capacity: 3, taken: 0, dueAt: NOW, requiresApproval: false };
    expect(evaluateClaim(facts({ task })).kind).toBe('claim');
    expect(evaluateClaim(facts({ task, now: NOW + 1 }))).toEqual({ kind: 'refuse', code: 'TASK_OVERDUE' });
  });

  it('refuses the seat after the last one (capacity 3: the 3rd is taken, the 4th is TASK_FULL)', () => {
    const task = (taken: number) => ({ capacity: 3, taken, dueAt: NOW + DAY_MS, requiresApproval: false });
    expect(evaluateClaim(facts({ task: task(2) })).kind).toBe('claim');
    expect(evaluateClaim(facts({ task: task(3) }))).toEqual({ kind: 'refuse', code: 'TASK_FULL' });
  });

  it('refuses the claim over the member cap: 2 of 3 open may claim, 3 of 3 may not', () => {
    expect(evaluateClaim(facts({ openClaims: 2 })).kind).toBe('claim');
    expect(evaluateClaim(facts({ openClaims: 3 }))).toEqual({ kind: 'refuse', code: 'CLAIM_LIMIT' });
    expect(evaluateClaim(facts({ openClaims: 3, claimLimit: 4 })).kind).toBe('claim');
  });

  it('lets a member who released (or was auto-released or rejected) claim again', () => {
    for (const status of ['released', 'auto_released', 'rejected'] as const)
      expect(evaluateClaim(facts({ existing: { status } }))).toEqual({ kind: 'claim', status: 'active' });
  });
});

describe('the idle clock (limit 14 days: warn at 7, release at 14)', () => {
  const claim = (o: { warnedAt?: number | null; status?: 'active' | 'pending' | 'in_review' } = {}) => ({
    status: o.status ?? ('active' as const),
    idleFrom: NOW,
    idleLimitMs: DEFAULT_IDLE_LIMIT_MS,
    warnedAt: o.warnedAt ?? null,
  });
  const WARN = NOW + 7 * DAY_MS;
  const RELEASE = NOW + 14 * DAY_MS;

  it('schedules the warning at half the limit and the release at the limit', () => {
    expect(idleSchedule(NOW, DEFAULT_IDLE_LIMIT_MS)).toEqual({ warnAt: WARN, releaseAt: RELEASE });
    expect(idleSchedule(NOW, 5)).toEqual({ warnAt: NOW + 2, releaseAt: NOW + 5 });
  });

  it('does nothing one millisecond before the warning instant', () => {
    expect(idleDecision(claim(), WARN - 1)).toBe('none');
    expect(isSilent(claim(), WARN - 1)).toBe(false);
  });

  it('warns exactly at the warning instant, once', () => {
    expect(idleDecision(claim(), WARN)).toBe('warn');
    expect(isSilent(claim(), WARN)).toBe(true);
    expect(idleDecision(claim({ warnedAt: WARN }), WARN + 1)).toBe('none');
  });

  it('keeps a warned claim one millisecond before the limit and releases it exactly at the limit', () => {
    expect(idleDecision(claim({ warnedAt: WARN }), RELEASE - 1)).toBe('none');
    expect(idleDecision(claim({ warnedAt: WARN }), RELEASE)).toBe('release');
  });

  it('releases at the limit even when no warning went out (the timer did not run in between)', () => {
    expect(idleDecision(claim(), RELEASE)).toBe('release');
  });

  it('never touches a claim that is not active (pending waits on the leader, in_review on the reviewer)', () => {
    expect(idleDecision(claim({ status: 'pending' }), RELEASE + DAY_MS)).toBe('none');
    expect(idleDecision(claim({ status: 'in_review' }), RELEASE + DAY_MS)).toBe('none');
    expect(nextIdleCheck(claim({ status: 'in_review' }))).toBeNull();
  });

  it('looks next at the warning instant, then (once warned) at the release instant', () => {
    expect(nextIdleCheck(claim())).toBe(WARN);
    expect(nextIdleCheck(claim({ warnedAt: WARN }))).toBe(RELEASE);
  });

  it('progress restarts the clock: a claim idle since a note made now is not warned for 7 more days', () => {
    const later = { ...claim(), idleFrom: WARN + 1000 };
    expect(idleDecision(later, WARN + 1000 + 7 * DAY_MS - 1)).toBe('none');
    expect(idleDecision(later, WARN + 1000 + 7 * DAY_MS)).toBe('warn');
  });
});

describe('taskState', () => {
  const task = { capacity: 2, dueAt: NOW };
  const c = (...s: ('pending' | 'active' | 'in_review' | 'done' | 'released')[]) =>
    s.map((status) => ({ status }));

  it('open when nobody holds a seat (ended claims do not count)', () => {
    expect(taskState(task, c(), NOW)).toBe('open');
    expect(taskState(task, c('released'), NOW)).toBe('open');
  });
  it('in_progress with a seat left, full with none', () => {
    expect(taskState(task, c('pending'), NOW)).toBe('in_progress');
    expect(taskState(task, c('active', 'pending'), NOW)).toBe('full');
  });
  it('in_review when a result waits', () => {
    expect(taskState(task, c('active', 'in_review'), NOW)).toBe('in_review');
  });
  it('done when every seat is done; with a seat left, done only after the due instant', () => {
    expect(taskState(task, c('done', 'done'), NOW)).toBe('done');
    expect(taskState(task, c('done'), NOW)).toBe('in_progress');
    expect(taskState(task, c('done'), NOW + 1)).toBe('done');
  });
  it('overdue one millisecond after the due instant when not done (not at the instant)', () => {
    expect(taskState(task, c('active'), NOW)).toBe('in_progress');
    expect(taskState(task, c('active'), NOW + 1)).toBe('overdue');
    expect(taskState(task, c(), NOW + 1)).toBe('overdue');
  });
});

describe('projectCounts', () => {
  it('counts done, overdue and the rest as open, completion = done ÷ tasks', () => {
    expect(projectCounts(['done', 'overdue', 'open', 'in_review'])).toEqual({
      tasks: 4,
      done: 1,
      overdue: 1,
      open: 2,
      completion: 0.25,
    });
    expect(projectCounts([]).completion).toBe(0);
  });
});

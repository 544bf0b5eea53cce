import { useLocalCloud } from '../../testing/cloud';
import { allWhere } from '../../testing/fixtures';
import { API_SCHEMAS } from '../../types/api';
import type { TClaimOutput } from '../../types/project';
import { caller, DAY, ENV, makeProject, ok, seedPeople } from './testkit/fixtures';

/**
 * Every action of the project function × every kind of caller, through the gateway: who is let in
 * (any answer but UNAUTHENTICATED / NOT_BOUND / FORBIDDEN) and who is refused with which code; then
 * bad payloads for every action: INVALID_ARGUMENT naming the fields, nothing written.
 */
const cloud = useLocalCloud({ env: ENV });
const call = caller(cloud);
const T0 = Date.now();

const CALLERS = {
  member: 'o_m1',
  otherBranch: 'o_x',
  leader: 'o_lead',
  reviewer: 'o_rev',
  claimer: 'o_m2',
  secretary: 'o_sec',
  otherSecretary: 'o_sec2',
  admin: 'o_admin',
  unbound: 'o_new',
  anonymous: '',
} as const;
type Who = keyof typeof CALLERS;
const ALL = Object.keys(CALLERS) as Who[];
const DENY = new Set(['UNAUTHENTICATED', 'NOT_BOUND', 'FORBIDDEN']);

let projectId = '';
let taskId = '';
let claimId = '';

beforeAll(async () => {
  await seedPeople(cloud, T0);
  ({
    projectId,
    taskIds: [taskId],
  } = await makeProject(cloud, T0, {
    tasks: [{ capacity: 20, reviewerMemberId: 'rev' }],
  }));
  claimId = (await ok(call<TClaimOutput>('claim', { taskId }, 'o_m2'))).claimId;
});

/** Allowed callers per action (everyone else: anonymous → UNAUTHENTICATED, unbound → NOT_BOUND, rest FORBIDDEN). */
const MATRIX: Record<string, { payload: () => unknown; allow: Who[]; notBound?: Who[] }> = {
  create: {
    payload: () => ({
      branchId: 'b1',
      title: '新项目',
      goal: '目标',
      dueAt: T0 + DAY,
      leaderMemberId: 'lead',
    }),
    allow: ['secretary', 'admin'],
  },
  addTask: {
    payload: () => ({ projectId, title: '岗位', duty: '职责', capacity: 1, dueAt: T0 + DAY }),
    allow: ['leader', 'secretary', 'admin'],
  },
  updateTask: { payload: () => ({ taskId, duty: '更新后的职责' }), allow: ['leader', 'secretary', 'admin'] },
  activate: { payload: () => ({ projectId }), allow: ['leader', 'secretary', 'admin'] },
  list: {
    payload: () => ({}),
    allow: ['member', 'otherBranch', 'leader', 'reviewer', 'claimer', 'secretary', 'otherSecretary', 'admin'],
  },
  get: {
    payload: () => ({ projectId }),
    allow: ['member', 'leader', 'reviewer', 'claimer', 'secretary', 'admin'],
  },
  claim: {
    payload: () => ({ taskId }),
    allow: ['member', 'leader', 'reviewer', 'claimer', 'secretary'],
    notBound: ['admin'], // an admin claims as the member they are; this one has no roster row
  },
  reviewClaim: { payload: () => ({ claimId, decision: 'approve' }), allow: ['leader', 'secretary', 'admin'] },
  progress: { payload: () => ({ claimId, note: '进展' }), allow: ['claimer'], notBound: ['admin'] },
  photoTicket: { payload: () => ({ claimId, ext: 'jpg' }), allow: ['claimer'], notBound: ['admin'] },
  history: {
    payload: () => ({ claimId }),
    allow: ['member', 'leader', 'reviewer', 'claimer', 'secretary', 'admin'],
  },
  getClaim: {
    payload: () => ({ claimId }),
    allow: ['member', 'leader', 'reviewer', 'claimer', 'secretary', 'admin'],
  },
  myTasks: {
    payload: () => ({}),
    allow: ['member', 'otherBranch', 'leader', 'reviewer', 'claimer', 'secretary', 'otherSecretary', 'admin'],
  },
  queue: {
    payload: () => ({}),
    allow: ['member', 'otherBranch', 'leader', 'reviewer', 'claimer', 'secretary', 'otherSecretary', 'admin'],
  },
  overview: { payload: () => ({}), allow: ['secretary', 'otherSecretary', 'admin'] },
  export: { payload: () => ({ branchId: 'b1' }), allow: ['secretary', 'admin'] },
  settings: { payload: () => ({ branchId: 'b1' }), allow: ['secretary', 'admin'] },
  submit: { payload: () => ({ claimId, result: '成果' }), allow: ['claimer'], notBound: ['admin'] },
  reviewResult: {
    payload: () => ({ claimId, decision: 'return', reason: '请补充' }),
    allow: ['reviewer', 'leader', 'secretary', 'admin'],
  },
  release: { payload: () => ({ claimId, reason: '退出' }), allow: ['claimer'], notBound: ['admin'] },
  close: { payload: () => ({ projectId }), allow: ['leader', 'secretary', 'admin'] },
};

function expected(action: string, who: Who): string {
  const m = MATRIX[action];
  if (who === 'anonymous') return 'UNAUTHENTICATED';
  if (who === 'unbound' || m.notBound?.includes(who)) return 'NOT_BOUND';
  return m.allow.includes(who) ? 'allowed' : 'FORBIDDEN';
}

test('the matrix covers every action of the contract', () => {
  expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(API_SCHEMAS.project).sort());
});

// Deny cases first (they change nothing), then the allowed calls in the order of MATRIX.
describe('refused callers', () => {
  for (const action of Object.keys(MATRIX))
    for (const who of ALL) {
      const want = expected(action, who);
      if (want === 'allowed') continue;
      it(`${action} × ${who} → ${want}`, async () => {
        const r = await call(action, MATRIX[action].payload(), CALLERS[who] || undefined);
        expect(r.ok ? 'OK' : r.error.code).toBe(want);
      });
    }
});

describe('allowed callers', () => {
  for (const action of Object.keys(MATRIX))
    for (const who of ALL) {
      if (expected(action, who) !== 'allowed') continue;
      it(`${action} × ${who} is let in`, async () => {
        const r = await call(action, MATRIX[action].payload(), CALLERS[who]);
        expect(r.ok ? 'OK' : DENY.has(r.error.code) ? r.error.code : 'OK (domain refusal)').toMatch(/^OK/);
      });
    }
});

describe('bad input: INVALID_ARGUMENT naming the fields, nothing written', () => {
  const BAD: [string, unknown, string[]][] = [
    [
      'create',
      { branchId: 'b1', title: '', goal: 'g', dueAt: 'tomorrow', leaderMemberId: 'lead' },
      ['payload.title', 'payload.dueAt'],
    ],
    [
      'create',
      { branchId: 'b1', title: 't', goal: 'g', dueAt: T0, leaderMemberId: 'lead', openTo: 'world' },
      ['payload.openTo'],
    ],
    [
      'create',
      { branchId: 'b1', title: 't', goal: 'g', dueAt: T0, startAt: T0 + DAY, leaderMemberId: 'lead' },
      ['payload.dueAt'],
    ],
    [
      'create',
      { branchId: 'b1', title: 't', goal: 'g', dueAt: T0, leaderMemberId: 'lead', extra: 1 },
      ['payload.extra'],
    ],
    ['addTask', { projectId: 'p', title: 't', duty: 'd', capacity: 0, dueAt: T0 }, ['payload.capacity']],
    [
      'addTask',
      { projectId: 'p', title: 't', duty: 'd', capacity: 1.5, dueAt: T0, evidenceRequired: 'yes' },
      ['payload.capacity', 'payload.evidenceRequired'],
    ],
    ['updateTask', { taskId: 't' }, ['payload.taskId']],
    ['updateTask', { taskId: 't', capacity: 100 }, ['payload.capacity']],
    ['activate', {}, ['payload.projectId']],
    ['close', { projectId: 'p', reason: '' }, ['payload.reason']],
    ['list', { status: 'open' }, ['payload.status']],
    ['get', { projectId: 5 }, ['payload.projectId']],
    ['claim', { taskId: '' }, ['payload.taskId']],
    ['reviewClaim', { claimId: 'c', decision: 'reject' }, ['payload.reason']],
    ['reviewClaim', { claimId: 'c', decision: 'maybe' }, ['payload.decision']],
    ['release', { claimId: 'c' }, ['payload.reason']],
    ['progress', { claimId: 'c', note: ' ' }, ['payload.note']],
    [
      'progress',
      { claimId: 'c', note: 'n', evidenceFileIds: Array.from({ length: 10 }, () => 'f') },
      ['payload.evidenceFileIds'],
    ],
    ['submit', { claimId: 'c' }, ['payload.result']],
    ['reviewResult', { claimId: 'c', decision: 'accept' }, ['payload.rating']],
    [
      'reviewResult',
      { claimId: 'c', decision: 'return', rating: 'good' },
      ['payload.reason', 'payload.rating'],
    ],
    ['reviewResult', { claimId: 'c', decision: 'accept', rating: 'perfect' }, ['payload.rating']],
    ['photoTicket', { claimId: 'c', ext: 'exe' }, ['payload.ext']],
    ['myTasks', { all: true }, ['payload.all']],
    ['history', {}, ['payload.claimId']],
    ['getClaim', { claimId: null }, ['payload.claimId']],
    ['queue', { projectId: 3 }, ['payload.projectId']],
    ['overview', { from: T0, to: T0 - 1 }, ['payload.to']],
    ['export', { branchId: '' }, ['payload.branchId']],
    [
      'settings',
      { branchId: 'b1', claimLimit: 0, idleLimitDays: 1000 },
      ['payload.claimLimit', 'payload.idleLimitDays'],
    ],
  ];

  const fingerprint = async () => {
    const out: Record<string, number> = {};
    for (const c of [
      'projects',
      'project_tasks',
      'project_claims',
      'project_history',
      'claim_counters',
      'project_settings',
      'project_uploads',
      'audit',
    ])
      out[c] = (await cloud.db().collection(c).count()).total as number;
    return out;
  };

  it('covers every action', () => {
    expect(new Set(BAD.map(([a]) => a))).toEqual(new Set(Object.keys(API_SCHEMAS.project)));
  });

  for (const [action, payload, fields] of BAD)
    it(`${action} ${JSON.stringify(payload).slice(0, 70)} → ${fields.join(', ')}`, async () => {
      const before = await fingerprint();
      const r = await call(action, payload, 'o_sec');
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('INVALID_ARGUMENT');
      const paths = (r.error.details as { fields: { path: string }[] }).fields.map((f) => f.path);
      expect([...new Set(paths)].sort()).toEqual([...fields].sort());
      expect(await fingerprint()).toEqual(before);
    });

  it('an unknown action or a non-object payload is INVALID_ARGUMENT', async () => {
    expect(await cloud.call('project', { action: 'deleteProject', payload: {} }, 'o_sec')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await cloud.call('project', { action: 'claim', payload: [taskId] }, 'o_m1')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });

  it('ids of things that do not exist: NOT_FOUND for admins, FORBIDDEN for others (no existence leak)', async () => {
    expect((await call('get', { projectId: 'nope' }, 'o_admin')).ok).toBe(false);
    expect(await call('get', { projectId: 'nope' }, 'o_admin')).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('get', { projectId: 'nope' }, 'o_m1')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await call('claim', { taskId: 'nope' }, 'o_m1')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await call('release', { claimId: 'nope', reason: 'x' }, 'o_m1')).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect((await allWhere(cloud, 'project_claims', { memberId: 'm1' })).length).toBeGreaterThanOrEqual(0);
  });
});

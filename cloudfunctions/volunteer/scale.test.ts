import { useLocalCloud } from '../../testing/cloud';
import { DAY, HOUR } from '../../testing/clock';
import { addBranches, addInPages, hoursDoc, memberDoc } from '../../testing/fixtures';
import type { Envelope } from '../../types/envelope';
import type {
  THoursQueueOutput,
  TListEventsOutput,
  TListTeamsOutput,
  TMySignupsOutput,
  TTeamStatsOutput,
} from '../../types/volunteer';

/**
 * 先锋领航 at university scale (issue 17): a member's and a leader's screens read the teams they need
 * by id, by leader and by parent — never the whole `teams` collection — so they cost the same
 * database requests with 3 teams as with 1,204, and answer the same.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_admin' } });
const BULK = 1201;

async function counted<T>(action: string, payload: unknown, who: string) {
  const r = await cloud.callCounted<T>('volunteer', { action, payload }, `o_${who}`);
  if (!r.result.ok) throw new Error(`${action} as ${who}: ${JSON.stringify(r.result.error)}`);
  return { data: r.result.data, dbRequests: r.dbRequests };
}
async function v<T>(action: string, payload: unknown, who: string): Promise<T> {
  return (await counted<T>(action, payload, who)).data;
}

let t0 = 0;
let root = '';
let sub = '';
let leaf = '';
const events: Record<string, string> = {};

/** The screens measured, each with its answer reduced to what must not change. */
const screens: [string, string, () => object, (d: unknown) => unknown][] = [
  [
    'listEvents',
    'm1',
    () => ({}),
    (d) => (d as TListEventsOutput).map((e) => [e.title, e.teamName, e.isLeader]),
  ],
  [
    'listEvents',
    'lead',
    () => ({}),
    (d) => (d as TListEventsOutput).map((e) => [e.title, e.teamName, e.isLeader]),
  ],
  [
    'listEvents',
    'm1',
    () => ({ teamId: leaf }),
    (d) => (d as TListEventsOutput).map((e) => [e.title, e.isLeader]),
  ],
  [
    'mySignups',
    'm1',
    () => ({}),
    (d) => (d as TMySignupsOutput).map((e) => [e.title, e.teamName, e.mySignup]),
  ],
  [
    'stats',
    'lead',
    () => ({ teamId: root, from: t0 - 30 * DAY, to: t0 + 30 * DAY }),
    (d) => (d as TTeamStatsOutput).events.map((e) => e.title).sort(),
  ],
  // my own teams (the volunteer home's 我带领的队伍, the certificate and report pages)
  [
    'listTeams',
    'm1',
    () => ({ scope: 'mine' }),
    (d) => (d as TListTeamsOutput).items.map((t) => [t.name, t.parentName, t.myStatus, t.isLeader]),
  ],
  [
    'listTeams',
    'lead',
    () => ({ scope: 'mine' }),
    (d) => (d as TListTeamsOutput).items.map((t) => [t.name, t.myStatus, t.isLeader, t.memberCount]),
  ],
  // the policy finds a team the caller leads by an indexed query (anyLedTeam); the item is unknown
  ['confirmHours', 'lead', () => ({ items: [{ id: 'no-such-entry', decision: 'approve' }] }), (d) => d],
];

const measure = async () => {
  const out: { requests: number; answer: unknown }[] = [];
  for (const [action, who, payload, view] of screens) {
    const r = await counted(action, payload(), who);
    out.push({ requests: r.dbRequests, answer: view(r.data) });
  }
  return out;
};

let before: Awaited<ReturnType<typeof measure>>;
let directoryFirst = 0;

beforeAll(async () => {
  t0 = Date.now();
  await addBranches(cloud, t0, ['b1']);
  for (const id of ['admin', 'lead', 'm1']) {
    await cloud
      .db()
      .collection('members')
      .add(memberDoc(t0, id, 'b1', id === 'admin' ? ['member', 'admin'] : ['member']));
  }
  // 总队 → 分队 → 小队: the leader of the root leads all three; m1 is a member of the smallest
  root = (await v<{ id: string }>('createTeam', { name: '志愿服务总队' }, 'admin')).id;
  sub = (await v<{ id: string }>('createTeam', { name: '临床分队', parentTeamId: root }, 'admin')).id;
  leaf = (await v<{ id: string }>('createTeam', { name: '急救小队', parentTeamId: sub }, 'admin')).id;
  await v('setLeaders', { teamId: root, memberIds: ['lead'] }, 'admin');
  await v('addMember', { teamId: leaf, memberId: 'm1' }, 'lead');
  for (const [i, [teamId, title]] of [
    [root, '总队例会'],
    [sub, '分队义诊'],
    [leaf, '小队急救培训'],
  ].entries()) {
    const startAt = t0 + 2 * DAY + i * 3 * HOUR;
    events[teamId] = (
      await v<{ activityId: string }>(
        'createEvent',
        { teamId, title, startAt, endAt: startAt + 2 * HOUR, capacity: 10 },
        'lead',
      )
    ).activityId;
  }
  await v('signUp', { activityId: events[leaf] }, 'm1');
  before = await measure();
  directoryFirst = (await counted<TListTeamsOutput>('listTeams', {}, 'm1')).dbRequests;
}, 120_000);

test('the screens answer what the team tree says', () => {
  expect(before.map((b) => b.answer)).toEqual([
    [['小队急救培训', '急救小队', false]],
    [
      ['总队例会', '志愿服务总队', true],
      ['分队义诊', '临床分队', true],
      ['小队急救培训', '急救小队', true],
    ],
    [['小队急救培训', false]],
    [['小队急救培训', '急救小队', 'signed_up']],
    ['分队义诊', '小队急救培训', '总队例会'],
    [
      ['临床分队', '志愿服务总队', null, false],
      ['志愿服务总队', '', null, false],
      ['急救小队', '临床分队', 'active', false],
    ],
    [
      ['临床分队', null, true, 0],
      ['志愿服务总队', 'active', true, 1],
      ['急救小队', null, true, 1],
    ],
    [{ id: 'no-such-entry', ok: false, code: 'FORBIDDEN' }],
  ]);
});

describe(`${BULK} more teams (other branches' leaders, sub-teams, archived ones)`, () => {
  beforeAll(async () => {
    const docs = Array.from({ length: BULK }, (_, i) => ({
      _id: `bulk-team-${i}`,
      name: `第${i}志愿服务队`,
      // some are sub-teams of the big ones, a few archived; none is led by `lead` or holds m1
      parentTeamId: i % 3 === 2 ? `bulk-team-${i - 1}` : null,
      description: '',
      leaders: [`other-lead-${i % 50}`],
      rules: {},
      archived: i % 97 === 0,
      createdBy: 'admin',
      createdAt: t0,
      updatedAt: t0,
    }));
    await addInPages(cloud, 'teams', docs);
    expect((await cloud.db().collection('teams').count()).total).toBe(BULK + 3);
  });

  test('each screen costs the same database requests and answers the same', async () => {
    const after = await measure();
    expect(after.map((a) => a.answer)).toEqual(before.map((b) => b.answer));
    expect(after.map((a) => a.requests)).toEqual(before.map((b) => b.requests));
  });

  test('the directory pages by name: each live team once, a page costing the same whatever follows', async () => {
    const seen: TListTeamsOutput['items'] = [];
    let cursor: string | undefined;
    let most = 0;
    for (;;) {
      const page = await counted<TListTeamsOutput>(
        'listTeams',
        { limit: 50, ...(cursor ? { cursor } : {}) },
        'm1',
      );
      most = Math.max(most, page.dbRequests);
      seen.push(...page.data.items);
      if (!page.data.nextCursor) break;
      cursor = page.data.nextCursor;
    }
    const archived = Array.from({ length: BULK }, (_, i) => i).filter((i) => i % 97 === 0).length;
    expect(seen).toHaveLength(BULK + 3 - archived);
    expect(new Set(seen.map((t) => t.id)).size).toBe(seen.length);
    expect(seen.map((t) => t.name)).toEqual(
      [...seen.map((t) => t.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    expect(seen.find((t) => t.name === '急救小队')).toMatchObject({
      myStatus: 'active',
      parentName: '临床分队',
    });
    // a sub-team's parent on another page is read by id: at most two levels more than the first page
    expect(most).toBeLessThanOrEqual(directoryFirst + 2);
  });

  test('the admin’s event list reads the events of the period, not the teams', async () => {
    const r = await counted<TListEventsOutput>('listEvents', {}, 'admin');
    expect(r.data.map((e) => e.title).sort()).toEqual(['分队义诊', '小队急救培训', '总队例会']);
    expect(r.data.every((e) => e.isLeader)).toBe(true);
    expect(r.dbRequests).toBeLessThan(10);
  });

  test('an unknown or archived team is NOT_FOUND; bad input names the field', async () => {
    for (const teamId of ['nope', 'bulk-team-0']) {
      const r = await cloud.call('volunteer', { action: 'listEvents', payload: { teamId } }, 'o_m1');
      expect(r.ok ? 'OK' : r.error.code).toBe('NOT_FOUND');
    }
    for (const [payload, field] of [
      [{ scope: 'everyone' }, 'payload.scope'],
      [{ limit: 51 }, 'payload.limit'],
      [{ cursor: '' }, 'payload.cursor'],
    ] as const) {
      const r = await cloud.call('volunteer', { action: 'listTeams', payload }, 'o_m1');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_ARGUMENT');
        expect(JSON.stringify(r.error.details)).toContain(field);
      }
    }
    const bad = (await cloud.call(
      'volunteer',
      { action: 'listEvents', payload: { teamId: 7 } },
      'o_m1',
    )) as Envelope<unknown>;
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('INVALID_ARGUMENT');
      expect(JSON.stringify(bad.error.details)).toContain('payload.teamId');
    }
  });
});

test("the leader's queue links every photo of 12 reports of 6 photos (72 files: more than one storage call of 50)", async () => {
  const app = cloud.app();
  const reports = 12;
  const perReport = 6;
  const docs = [];
  for (let r = 0; r < reports; r++) {
    const files: string[] = [];
    for (let p = 0; p < perReport; p++) {
      const up = await app.uploadFile({
        cloudPath: `volunteer-evidence/m1/r${r}-p${p}.jpg`,
        fileContent: Buffer.from([0xff, 0xd8, r, p, 0xff, 0xd9]),
      });
      files.push(up.fileID);
    }
    docs.push(
      hoursDoc(t0, `photo-report-${r}`, 'm1', leaf, t0 - (r + 1) * DAY, 2, {
        title: `校外义诊 ${r}`,
        description: '协助登记',
        evidenceFileIds: files,
      }),
    );
  }
  await addInPages(cloud, 'volunteer_hours', docs);
  const queue = await v<THoursQueueOutput>('hoursQueue', { teamId: leaf }, 'lead');
  const shown = queue.filter((i) => i.id.startsWith('photo-report-'));
  expect(shown).toHaveLength(reports);
  for (const item of shown) {
    expect(item.evidenceFileIds).toHaveLength(perReport);
    expect(item.evidenceUrls).toHaveLength(perReport);
    for (const url of item.evidenceUrls ?? []) expect(url).toMatch(/^http/);
  }
  expect(new Set(shown.flatMap((i) => i.evidenceUrls)).size).toBe(reports * perReport);
});

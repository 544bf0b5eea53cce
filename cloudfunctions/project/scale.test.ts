import ExcelJS from 'exceljs';
import { useLocalCloud } from '../../testing/cloud';
import { addInPages } from '../../testing/fixtures';
import type {
  TListProjectsOutput,
  TOverviewOutput,
  TOverviewRow,
  TProjectExportOutput,
  TProjectSummary,
} from '../../types/project';
import { EXPORT_PAGE } from './actions/export';
import { caller, DAY, docOf, ENV, makeProject, ok, seedPeople } from './testkit/fixtures';

/**
 * Project lists at university scale (issue 17): a member's list (own branch + open to all + led) and
 * the admin's list read a page of each indexed source, newest first — their database requests do not
 * grow with the number of projects (1 vs 1,201 more), and paging through them answers every project
 * the caller may see exactly once (the 1,000-document cut of a `get()` cannot truncate it).
 */
const cloud = useLocalCloud({ env: ENV });
const call = caller(cloud);
const T0 = Date.now();
const BULK = 1201;

type Doc = Record<string, unknown>;
const counted = async <T>(action: string, payload: object, who: string) => {
  const r = await cloud.callCounted<T>('project', { action, payload }, who);
  if (!r.result.ok) throw new Error(JSON.stringify(r.result.error));
  return { data: r.result.data, dbRequests: r.dbRequests };
};

/** Every project of the list, page by page (`limit` each), checking each page's cursor. */
async function drain(payload: object, limit: number, who: string) {
  const items: TProjectSummary[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await ok(
      call<TListProjectsOutput>('list', { ...payload, limit, ...(cursor ? { cursor } : {}) }, who),
    );
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
}

let own = '';
let cross = '';
const first: Record<string, number> = {};
let exportFirst = 0;
let overviewFirst = 0; // with 2 branches (and the bulk projects of the describe before)

async function workbook(payload: object, who: string) {
  const r = await counted<TProjectExportOutput>('export', payload, who);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.data.contentBase64, 'base64') as unknown as ArrayBuffer);
  const rowsOf = (name: string) => {
    const out: string[][] = [];
    wb.getWorksheet(name)!.eachRow((row, n) => {
      if (n > 1) out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    return out;
  };
  return { data: r.data, dbRequests: r.dbRequests, list: rowsOf('责任清单'), summary: rowsOf('项目汇总') };
}
const WHO = ['o_m1', 'o_x', 'o_lead', 'o_sec', 'o_admin'];

beforeAll(async () => {
  await seedPeople(cloud, T0);
  own = (await makeProject(cloud, T0, { tasks: [{ title: '实验室排查' }] })).projectId;
  cross = (await makeProject(cloud, T0, { openTo: 'all', tasks: [{ title: '社区义诊' }] })).projectId;
  for (const who of WHO) first[who] = (await counted<TListProjectsOutput>('list', {}, who)).dbRequests;
  exportFirst = (await workbook({}, 'o_admin')).dbRequests;
});

test('the lists answer what each caller may see', async () => {
  expect((await drain({}, 20, 'o_m1')).map((p) => p.id)).toEqual([cross, own]);
  expect((await drain({}, 20, 'o_x')).map((p) => p.id)).toEqual([cross]);
  expect((await drain({}, 1, 'o_admin')).map((p) => p.id)).toEqual([cross, own]);
});

describe(`${BULK} more projects in two branches`, () => {
  // i % 4: 0 b1 branch-only, 1 b2 open to all, 2 b2 branch-only, 3 b1: a draft led by m1 (i % 8 == 3) or active
  const kind = (i: number) => i % 4;
  const expectedFor: Record<string, (i: number) => boolean> = {
    o_m1: (i) => kind(i) !== 2,
    o_x: (i) => kind(i) === 1 || kind(i) === 2,
    o_sec: (i) => kind(i) !== 2,
    o_admin: () => true,
  };

  beforeAll(async () => {
    const p = (await docOf(cloud, 'projects', own))!;
    const docs: Doc[] = [];
    for (let i = 0; i < BULK; i++) {
      const { _id, ...rest } = p;
      void _id;
      docs.push({
        ...rest,
        _id: `bulk-p${String(i).padStart(4, '0')}`,
        title: `项目${i}`,
        branchId: kind(i) === 1 || kind(i) === 2 ? 'b2' : 'b1',
        openTo: kind(i) === 1 ? 'all' : 'branch',
        status: i % 8 === 3 ? 'draft' : i % 5 === 0 ? 'closed' : 'active',
        leaderMemberId:
          kind(i) === 3 && i % 8 === 3 ? 'm1' : kind(i) === 1 || kind(i) === 2 ? 'sec2' : 'lead',
        // older than the first project; 200 of them created in the same millisecond (ties across pages)
        createdAt: T0 - DAY - (i < 200 ? 0 : i),
      });
    }
    await addInPages(cloud, 'projects', docs);
  });

  test('a first page costs the same database requests as with one project', async () => {
    for (const who of WHO) {
      const r = await counted<TListProjectsOutput>('list', {}, who);
      expect({ who, requests: r.dbRequests }).toEqual({ who, requests: first[who] });
      expect(r.data.items).toHaveLength(20);
      expect(r.data.nextCursor).not.toBeNull();
      // a later page costs the same
      const next = await counted<TListProjectsOutput>('list', { cursor: r.data.nextCursor }, who);
      expect({ who, requests: next.dbRequests }).toEqual({ who, requests: first[who] });
    }
  });

  test.each(Object.keys(expectedFor))(
    '%s pages through every project they may see, once, newest first',
    async (who) => {
      const items = await drain({}, 50, who);
      const bulk = Array.from({ length: BULK }, (_, i) => i).filter(expectedFor[who]);
      const want = [
        cross,
        ...(who === 'o_x' ? [] : [own]),
        ...bulk.map((i) => `bulk-p${String(i).padStart(4, '0')}`),
      ];
      // the newest first, ties by id: the first two projects, then the bulk ones in their order
      expect(items.map((p) => p.id)).toEqual(want);
      expect(items.length).toBeGreaterThan(300);
      // every row answers its branch's name and its leader's
      expect(items.every((p) => p.branchName !== '' && p.leaderName !== '')).toBe(true);
    },
  );

  test('the export streams every non-draft project in pages: rows exact, requests grow with pages only', async () => {
    const nonDraft = Array.from({ length: BULK }, (_, i) => i).filter((i) => i % 8 !== 3);
    expect(nonDraft.length + 2).toBeGreaterThan(1000);
    const all = await workbook({}, 'o_admin');
    expect(all.summary).toHaveLength(nonDraft.length + 2);
    // the newest first: the two real projects, then the bulk ones in their order
    expect(all.summary.slice(2).map((r) => r[1])).toEqual(nonDraft.map((i) => `项目${i}`));
    // the two real projects' tasks (nobody holds them); the bulk projects have none
    expect(all.list.map((r) => [r[2], r[5]])).toEqual([
      ['社区义诊', '（待认领）'],
      ['实验室排查', '（待认领）'],
    ]);
    expect(all.data.rows).toBe(2);
    const pages = Math.ceil((nonDraft.length + 2) / EXPORT_PAGE);
    // each further page: the projects, their tasks, their claims, branch names, member names
    expect(all.dbRequests - exportFirst).toBeLessThanOrEqual(5 * pages);
    expect(all.dbRequests).toBeLessThan(exportFirst + 5 * pages);
    // a branch's export: that branch's only
    const b2 = await workbook({ branchId: 'b2' }, 'o_sec2');
    expect(b2.summary).toHaveLength(nonDraft.filter((i) => kind(i) === 1 || kind(i) === 2).length);
    expect(b2.summary.every((r) => r[0] === all.summary.find((x) => x[1] === '项目1')![0])).toBe(true);
  });

  test('one status and one branch filter the pages the same way', async () => {
    const closedB2 = await drain({ status: 'closed', branchId: 'b2' }, 50, 'o_admin');
    const want = Array.from({ length: BULK }, (_, i) => i).filter(
      (i) => (kind(i) === 1 || kind(i) === 2) && i % 5 === 0,
    );
    expect(closedB2.map((p) => p.id).sort()).toEqual(
      want.map((i) => `bulk-p${String(i).padStart(4, '0')}`).sort(),
    );
    // a member asking for another branch sees its open-to-all projects only
    const b2 = await drain({ branchId: 'b2' }, 50, 'o_m1');
    expect(b2.every((p) => p.openTo === 'all' && p.branchId === 'b2')).toBe(true);
    expect(b2).toHaveLength(Array.from({ length: BULK }, (_, i) => i).filter((i) => kind(i) === 1).length);
  });
});

describe(`${BULK} more branches: the admin overview`, () => {
  beforeAll(async () => {
    overviewFirst = (await counted<TOverviewOutput>('overview', {}, 'o_admin')).dbRequests;
    const t = Date.now();
    const docs = Array.from({ length: BULK }, (_, i) => ({
      _id: `bulk-b${i}`,
      // after 支部b1 / 支部b2 by name
      name: `支部z${String(i).padStart(4, '0')}`,
      college: '医学院',
      createdAt: t,
      updatedAt: t,
    }));
    await addInPages(cloud, 'branches', docs);
  });

  // A page reads its own branches' projects and their boards: the same requests whatever the number
  // of branches after it (b1 and b2 hold the 1,203 projects, so every other page reads nothing more).
  test('a page of branches costs the same requests with 2 branches or 1,203; paging answers each once', async () => {
    const r = await counted<TOverviewOutput>('overview', {}, 'o_admin');
    expect(r.dbRequests).toBe(overviewFirst);
    expect(r.data.rows).toHaveLength(20);
    const rows: TOverviewRow[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await counted<TOverviewOutput>(
        'overview',
        { limit: 50, ...(cursor ? { cursor } : {}) },
        'o_admin',
      );
      expect(page.dbRequests).toBeLessThanOrEqual(overviewFirst);
      rows.push(...page.data.rows);
      if (!page.data.nextCursor) break;
      cursor = page.data.nextCursor;
    }
    expect(rows).toHaveLength(BULK + 2);
    expect(new Set(rows.map((x) => x.branchId)).size).toBe(BULK + 2);
    expect(rows.slice(0, 2).map((x) => x.branchId)).toEqual(['b1', 'b2']);
    // every project of the university counted in its branch's row: all non-draft ones here
    const b2 = rows.find((x) => x.branchId === 'b2')!;
    const b2Projects = Array.from({ length: BULK }, (_, i) => i).filter(
      (i) => (i % 4 === 1 || i % 4 === 2) && i % 8 !== 3,
    ).length;
    expect(b2.projects).toBe(b2Projects);
    expect(rows.reduce((n, x) => n + x.projects, 0)).toBe(
      2 + Array.from({ length: BULK }, (_, i) => i).filter((i) => i % 8 !== 3).length,
    );
    expect(rows.filter((x) => x.branchId.startsWith('bulk-b')).every((x) => x.projects === 0)).toBe(true);
    // a secretary: their own branch, one row
    const own = await counted<TOverviewOutput>('overview', {}, 'o_sec2');
    expect(own.data).toEqual({ rows: [b2], nextCursor: null });
  });
});

describe('a period of the overview', () => {
  const OLD = 1100;
  const period = { from: T0 - 30 * DAY, to: T0 + 30 * DAY };
  let before: { data: TOverviewOutput; dbRequests: number };
  let wholeBefore: TOverviewRow;

  beforeAll(async () => {
    before = await counted<TOverviewOutput>('overview', period, 'o_sec');
    wholeBefore = (await counted<TOverviewOutput>('overview', {}, 'o_sec')).data.rows[0];
    // two years of b1's projects, closed and due long before the period
    const p = (await docOf(cloud, 'projects', own))!;
    const { _id, ...rest } = p;
    void _id;
    const docs: Doc[] = Array.from({ length: OLD }, (_, i) => ({
      ...rest,
      _id: `old-p${String(i).padStart(4, '0')}`,
      title: `往年项目${i}`,
      status: 'closed',
      startAt: T0 - 800 * DAY,
      createdAt: T0 - 800 * DAY + i,
      dueAt: T0 - 400 * DAY + i,
    }));
    await addInPages(cloud, 'projects', docs);
  });

  test('reads the projects due in it or later only: the years before cost nothing, and count nowhere', async () => {
    const r = await counted<TOverviewOutput>('overview', period, 'o_sec');
    expect(r.data).toEqual(before.data);
    expect(r.dbRequests).toBe(before.dbRequests);
    // without a period: every project of the branch's history, past the 1,000-document cut
    const whole = await counted<TOverviewOutput>('overview', {}, 'o_sec');
    expect(whole.data.rows[0].projects).toBe(wholeBefore.projects + OLD);
    expect(whole.dbRequests).toBeGreaterThan(r.dbRequests);
  });
});

test('bad paging input is refused naming the field', async () => {
  for (const [payload, field] of [
    [{ cursor: 'nope' }, 'payload.cursor'],
    [{ cursor: 'x.y' }, 'payload.cursor'],
    [{ cursor: '99999999999999999.p' }, 'payload.cursor'],
    [{ limit: 0 }, 'payload.limit'],
    [{ limit: 51 }, 'payload.limit'],
    [{ limit: 2.5 }, 'payload.limit'],
    [{ status: 'open' }, 'payload.status'],
  ] as const) {
    const r = await call('list', payload, 'o_m1');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_ARGUMENT');
      expect(JSON.stringify(r.error.details)).toContain(field);
    }
  }
  for (const [payload, field] of [
    [{ cursor: '' }, 'payload.cursor'],
    [{ cursor: 7 }, 'payload.cursor'],
    [{ limit: 51 }, 'payload.limit'],
  ] as const) {
    const r = await call('overview', payload, 'o_admin');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_ARGUMENT');
      expect(JSON.stringify(r.error.details)).toContain(field);
    }
  }
});

import fs from 'node:fs';
import path from 'node:path';
import { useLocalCloud } from '../../testing/cloud';
import { MINUTE } from '../../testing/clock';
import { activityDoc, addBranches, memberDoc } from '../../testing/fixtures';
import type { OutboxEntry } from '../../emulator/openapi';
import type { TDispatchOutput } from '../../types/reminder';
import { MAX_CLAIM_BATCH, SEND_CONCURRENCY } from './actions/deliver';

/**
 * A dispatch run killed by the function timeout (issue 17), at the local cloud with the real SDK:
 * the local cloud ends the run 2 s in (its instance is terminated mid-run, as CloudBase does at
 * `timeout`), while the code still budgets for 60 s — so the kill lands wherever the run is. Then
 * the schedule goes on (timeout 60 s again) until nothing is owed.
 *
 * - Never twice: every member gets at most one message, whatever the killed run left behind (the
 *   claim's primary key).
 * - Nothing silently lost: every member is delivered, or has a row the killed run claimed whose send
 *   was in flight when it died — WeChat has no idempotent send, so such a message may or may not have
 *   gone out and stays at most once. A batch starts all its sends the moment its claim commits, so
 *   those are at most the batches in flight (SEND_CONCURRENCY × MAX_CLAIM_BATCH), never a claim
 *   waiting behind earlier sends.
 * - The ledger agrees: one credit spent per row.
 */
// beside dist/functions, so the bundle finds the SDK in node_modules as there
const fnDir = fs.mkdtempSync(path.resolve(__dirname, '../../dist/killed-fns-'));
const built = path.resolve(__dirname, '../../dist/functions/reminder');
const config = path.join(fnDir, 'reminder', 'config.json');
const setTimeoutSec = (sec: number) => {
  const c = JSON.parse(fs.readFileSync(path.join(built, 'config.json'), 'utf8')) as { timeout: number };
  fs.writeFileSync(config, JSON.stringify({ ...c, timeout: sec }));
};

beforeAll(() => {
  fs.cpSync(built, path.join(fnDir, 'reminder'), { recursive: true });
  setTimeoutSec(2);
});
afterAll(() => fs.rmSync(fnDir, { recursive: true, force: true }));

const cloud = useLocalCloud({
  functionsDir: fnDir,
  env: {
    APP_TEMPLATE_MEETING_REMINDER: 'tpl-meeting-reminder',
    APP_TEMPLATE_MEETING_CANCELLED: 'tpl-meeting-cancelled',
    APP_TEMPLATE_TASK_REMINDER: 'tpl-task-reminder',
  },
});

const N = 2000;
let meeting: ReturnType<typeof activityDoc>;
const ids = Array.from({ length: N }, (_, i) => `k${String(i).padStart(4, '0')}`);

jest.setTimeout(300_000);

beforeAll(async () => {
  const t0 = await cloud.clock.now();
  const db = cloud.db();
  await addBranches(cloud, t0, ['kb']);
  for (let i = 0; i < N; i += 500) {
    await db.collection('members').add(ids.slice(i, i + 500).map((id) => memberDoc(t0, id, 'kb')));
    await db.collection('credits').add(
      ids.slice(i, i + 500).map((id) => ({
        _id: `${id}:meetingReminder`,
        memberId: id,
        templateKey: 'meetingReminder',
        count: 1,
        updatedAt: t0,
      })),
    );
  }
  meeting = activityDoc(t0, 'km', t0 + 30 * MINUTE, 'kb', { title: '支部党员大会', approval: 'auto' });
});

type Run = { ok: boolean; data?: TDispatchOutput; error?: { code?: string } };

it('a run killed mid-way: then every member reminded at most once, nothing lost unseen, one credit per row', async () => {
  // 1. the run the platform kills: first a warm instance (a run with nothing due yet), then the
  //    meeting; a kill before the first claim proves nothing, so a slow machine gets a longer run
  setTimeoutSec(60);
  expect((await cloud.fireTimer<Run>('reminder')).result).toMatchObject({ ok: true, data: { sent: 0 } });
  await cloud.db().collection('activities').add(meeting);
  let rowsAfterKill = new Map<string, string>();
  let boxAfterKill: OutboxEntry[] = [];
  for (const sec of [2, 4, 8, 16]) {
    setTimeoutSec(sec);
    const res = await fetch(`${cloud.url}/__timers/reminder`, { method: 'POST' });
    const killed = (await res.json()) as Run;
    // in-flight requests of the dead instance settle
    await new Promise((r) => setTimeout(r, 1_000));
    rowsAfterKill = await readRows();
    boxAfterKill = await delivered();
    if (killed.ok) break; // the whole run fitted: nothing was killed (asserted below)
    if (rowsAfterKill.size > 0) break;
  }
  expect(rowsAfterKill.size).toBeGreaterThan(0);
  expect(boxAfterKill.length).toBeLessThan(N);

  // 2. the schedule goes on with the real timeout
  setTimeoutSec(60);
  for (let i = 0; i < 10; i++) {
    const r = (await cloud.fireTimer<Run>('reminder')).result;
    expect(r.ok).toBe(true);
    if (!r.data?.deferred && !r.data?.roundsLeft) break;
  }

  const box = await delivered();
  const to = box.map((e) => (e.data as { touser: string }).touser.slice(2));
  expect(new Set(to).size).toBe(to.length); // never twice
  const rows = await readRows();
  // what the killed run claimed and never recorded: its sends were in flight
  const inFlight = [...rows.values()].filter((s) => s === 'claimed').length;
  const unseen = ids.filter((id) => !to.includes(id) && rows.get(id) !== 'claimed');
  expect(unseen).toEqual([]);
  expect(inFlight).toBeLessThanOrEqual(SEND_CONCURRENCY * MAX_CLAIM_BATCH);
  // every `claimed` row is one the killed run left (later runs record theirs)
  for (const [id, s] of rows) if (s === 'claimed') expect(rowsAfterKill.get(id)).toBe('claimed');
  // one credit spent per row, none spent without a row
  const spent = await cloud
    .db()
    .collection('credits')
    .where({ templateKey: 'meetingReminder', count: 0 })
    .count();
  expect((spent as { total: number }).total).toBe(rows.size);
  expect(rows.size).toBe(N);
  // the kill landed while the run was working (the machine may be slow: then it claimed less)
  console.log(
    `killed run: ${rowsAfterKill.size} claimed, ${boxAfterKill.length} delivered before the kill; ` +
      `left claimed (in flight at the kill): ${inFlight}; delivered in the end: ${to.length} of ${N}`,
  );
});

async function delivered(): Promise<OutboxEntry[]> {
  return (await cloud.outbox()).filter(
    (e: OutboxEntry) => e.apiName === 'subscribeMessage.send' && e.result.errcode === 0,
  );
}

/** memberId → reminder row status of the meeting (served by activity_kind_status). */
async function readRows(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let skip = 0; ; skip += 1000) {
    const res = await cloud
      .db()
      .collection('reminders')
      .where({ activityId: 'km', kind: 'hour_before' })
      .orderBy('_id', 'asc')
      .skip(skip)
      .limit(1000)
      .get();
    const list = res.data as { memberId: string; status: string }[];
    for (const r of list) out.set(r.memberId, r.status);
    if (list.length < 1000) return out;
  }
}

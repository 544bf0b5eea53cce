/**
 * Round trips per invocation: the local cloud counts each invocation's database requests and open-API
 * calls from the `wxCloudApiToken` its SDK requests carry, and reports them on `/fn/<name>`
 * (`x-db-requests`, `x-openapi-calls`, `x-function-calls`), on `/__timers/<fn>`, in
 * `GET /__invocations` and on the dev page. Fixture: emulator/fixtures/functions/roundtrips.
 */
import path from 'node:path';
import { roundTripsOf, useLocalCloud } from '../testing/cloud';

const cloud = useLocalCloud({ functionsDir: path.join(__dirname, 'fixtures', 'functions') });

interface Rec {
  fn: string;
  action: string | null;
  requestId: string;
  source: string | null;
  counts: { dbRequests: number; openApiCalls: number; functionCalls: number; db: Record<string, number> };
}

async function fn(event: unknown, openid = 'o_rt') {
  const res = await fetch(`${cloud.url}/fn/roundtrips`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': openid },
    body: JSON.stringify(event),
  });
  const body = (await res.json()) as { found: number; callee: unknown };
  return { status: res.status, body, requestId: res.headers.get('x-request-id'), ...roundTripsOf(res) };
}

async function invocations(): Promise<Rec[]> {
  return (await (await fetch(`${cloud.url}/__invocations`)).json()) as Rec[];
}

beforeAll(async () => {
  const db = cloud.db();
  await db.createCollection('fixture_rt');
  for (const id of ['d0', 'd1', 'd2']) await db.collection('fixture_rt').add({ _id: id, n: 0 });
  await fn({ reads: 1 }); // a warm worker, so timings below do not include a cold start
});

test('an invocation making N database requests reports exactly N', async () => {
  for (const n of [0, 1, 7]) {
    const r = await fn({ reads: n });
    expect(r.status).toBe(200);
    expect(r.body.found).toBe(n);
    expect(r).toMatchObject({ dbRequests: n, openApiCalls: 0, functionCalls: 0 });
  }
  // wx-server-sdk's requests carry the token as node-sdk's do
  expect(await fn({ wxReads: 4, reads: 2 })).toMatchObject({ dbRequests: 6 });
});

test('open-API calls are counted apart from database requests', async () => {
  const r = await fn({ reads: 2, sends: 3 }, 'o_rt_send');
  expect(r).toMatchObject({ dbRequests: 2, openApiCalls: 3 });
  const sent = (await cloud.outbox()).filter((e) => e.source?.openid === 'o_rt_send');
  expect(sent).toHaveLength(3);
});

test('a transaction is start + each operation + commit', async () => {
  const r = await fn({ tx: true });
  expect(r.dbRequests).toBe(4);
  const rec = (await invocations()).find((x) => x.requestId === r.requestId);
  expect(rec?.counts.db).toEqual({
    'database.startTransaction': 1,
    'database.getDocument': 1,
    'database.modifyDocument': 1,
    'database.commitTransaction': 1,
  });
  expect((await cloud.db().collection('fixture_rt').doc('d0').get()).data[0].n).toBe(1);
});

test('concurrent invocations each report their own requests (no shared counter)', async () => {
  // two overlapping invocations of the same function, their requests interleaved in time
  const [a, b] = await Promise.all([fn({ reads: 3, delayMs: 25 }), fn({ reads: 11, delayMs: 5 })]);
  expect(a.dbRequests).toBe(3);
  expect(b.dbRequests).toBe(11);
  // and many at once, with requests from this process (server keys, no invocation) in between
  const ns = [1, 2, 3, 4, 5, 6, 7, 8];
  const noise = (async () => {
    for (let i = 0; i < 20; i++) await cloud.db().collection('fixture_rt').doc('d1').get();
  })();
  const rs = await Promise.all(ns.map((n) => fn({ reads: n, delayMs: 3 + (n % 3) * 4 }, `o_rt_${n}`)));
  await noise;
  expect(rs.map((r) => r.dbRequests)).toEqual(ns);
});

test('a called function counts for itself and adds to its caller', async () => {
  const r = await fn({ reads: 1, callee: { reads: 2, sends: 1 } });
  expect(r).toMatchObject({ dbRequests: 3, openApiCalls: 1, functionCalls: 1 });
  const recs = await invocations();
  const inner = recs.filter((x) => x.source === 'scf').at(-1);
  expect(inner?.counts).toMatchObject({ dbRequests: 2, openApiCalls: 1, functionCalls: 0 });
});

test('requests still in flight after the function returned are not counted for it', async () => {
  const r = await fn({ reads: 1, background: 5 });
  expect(r.dbRequests).toBeLessThanOrEqual(6);
  expect(r.dbRequests).toBeGreaterThanOrEqual(1);
  // the next invocation on the same warm worker reports only its own
  expect((await fn({ reads: 2 })).dbRequests).toBe(2);
});

test('a timer run reports its requests in the answer and its headers', async () => {
  const res = await fetch(`${cloud.url}/__timers/roundtrips`, { method: 'POST' });
  const body = (await res.json()) as { dbRequests: number; openApiCalls: number };
  expect(body).toMatchObject({ dbRequests: 2, openApiCalls: 0 });
  expect(roundTripsOf(res)).toMatchObject({ dbRequests: 2, openApiCalls: 0 });
  const fired = await cloud.fireTimer('roundtrips');
  expect(fired.dbRequests).toBe(2);
});

test('a failed invocation still reports what it made; an unknown function made nothing', async () => {
  const res = await fetch(`${cloud.url}/fn/nonexistent`, { method: 'POST', body: '{}' });
  expect(res.status).toBe(404);
  expect(roundTripsOf(res)).toEqual({ dbRequests: 0, openApiCalls: 0, functionCalls: 0 });
  const r = await cloud.callCounted('roundtrips', { reads: 2, sends: 1 }); // no caller: touser invalid
  expect(r.dbRequests).toBe(2);
  expect(r.openApiCalls).toBe(1);
});

test('GET /__invocations and the dev page show the round trips per invocation', async () => {
  const r = await fn({ action: 'probe', reads: 5 });
  const rec = (await invocations()).at(-1);
  expect(rec).toMatchObject({
    fn: 'roundtrips',
    action: 'probe',
    requestId: r.requestId,
    source: 'wx_client',
    counts: { dbRequests: 5, openApiCalls: 0, db: { 'database.getDocument': 5 } },
  });
  const html = await (await fetch(`${cloud.url}/__ui`)).text();
  expect(html).toContain('Round trips per invocation');
  expect(html).toMatch(
    /<td>roundtrips\.probe<\/td><td>wx_client<\/td><td>[\d.]+<\/td><td>5<\/td><td>0<\/td>/,
  );
  const stats = cloud.stats().find((s) => s.name === 'roundtrips');
  expect(stats?.dbRequests).toBeGreaterThan(40);
});

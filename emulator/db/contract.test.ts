/**
 * Contract suite: the REAL @cloudbase/node-sdk (and wx-server-sdk for its database) talking HTTP to a
 * LocalDatabase behind a minimal /admin server, pointed at it through the DESIGN.md environment seam.
 */
import { LocalDatabase, type CollectionSpec } from './index';
import { pointSdkAt, serveDatabase, type DbServer } from './testkit';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

let db: LocalDatabase;
let server: DbServer;
let tcb: Any;
let app: Any;
let d: Any; // node-sdk database
let _: Any; // db.command

const collections: CollectionSpec[] = [
  {
    name: 'people',
    indexes: [{ name: 'openid_1', keys: { openid: 1 }, unique: true }, { keys: { age: 1 } }],
  },
  {
    name: 'things',
    indexes: [{ keys: { kind: 1, n: 1 } }, { keys: { 'meta.group': 1 } }],
  },
  { name: 'orders', indexes: [{ keys: { personId: 1 } }] },
  { name: 'bulk', indexes: [] },
  { name: 'bulk_ag', indexes: [] },
  { name: 'counters', indexes: [] },
  {
    name: 'checkins',
    indexes: [{ name: 'activity_member', keys: { activityId: 1, memberId: 1 }, unique: true }],
  },
];

async function expectCode(p: Promise<unknown>, code: string): Promise<Any> {
  try {
    await p;
  } catch (e) {
    expect((e as Any).code).toBe(code);
    return e;
  }
  throw new Error(`expected an error with code ${code}`);
}

beforeAll(async () => {
  db = new LocalDatabase({ file: ':memory:', collections, strictIndexes: true });
  server = await serveDatabase(db);
  pointSdkAt(server.url);
  tcb = require('@cloudbase/node-sdk');
  app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  d = app.database();
  _ = d.command;
});

afterAll(async () => {
  await server.close();
  db.close();
});

describe('collections', () => {
  it('db.createCollection creates a collection usable at once; creating it again fails', async () => {
    await d.createCollection('runtime_made');
    const { id } = await d.collection('runtime_made').add({ v: 1 });
    const got = await d.collection('runtime_made').doc(id).get();
    expect(got.data).toEqual([{ _id: id, v: 1 }]);
    await expectCode(d.createCollection('runtime_made'), 'DATABASE_COLLECTION_ALREADY_EXIST');
  });

  it('a missing collection answers DATABASE_COLLECTION_NOT_EXIST', async () => {
    const e = await expectCode(
      d.collection('no_such').where({ a: 1 }).get(),
      'DATABASE_COLLECTION_NOT_EXIST',
    );
    expect(e.message).toContain('Db or Table not exist');
    await expectCode(d.collection('no_such').add({ a: 1 }), 'DATABASE_COLLECTION_NOT_EXIST');
  });
});

describe('add and doc()', () => {
  it('add one document: the server generates a 32-hex _id', async () => {
    const res = await d.collection('people').add({ openid: 'add-1', name: '张三', age: 30 });
    expect(res.id).toMatch(/^[0-9a-f]{32}$/);
    const got = await d.collection('people').doc(res.id).get();
    expect(got.data[0]).toEqual({ _id: res.id, openid: 'add-1', name: '张三', age: 30 });
  });

  it('add many, with and without own _id, answers ids in order', async () => {
    const res = await d.collection('people').add([
      { _id: 'own-1', openid: 'add-2', age: 31 },
      { openid: 'add-3', age: 32 },
    ]);
    expect(res.ids[0]).toBe('own-1');
    expect(res.ids[1]).toMatch(/^[0-9a-f]{32}$/);
    const n = await d
      .collection('people')
      .where({ openid: _.in(['add-2', 'add-3']) })
      .count();
    expect(n.total).toBe(2);
  });

  it('a duplicate _id is a DATABASE_DUPLICATE_WRITE (E11000); add([...]) is ordered, not atomic', async () => {
    // CloudBase (MongoDB's ordered insert): the documents before the duplicate stay written, the
    // duplicate and everything after it are not
    const before = (await d.collection('people').doc('own-1').get()).data[0];
    const e = await expectCode(
      d.collection('people').add([
        { _id: 'dup-a', openid: 'dup-a' },
        { _id: 'own-1', openid: 'dup-b' },
        { _id: 'dup-c', openid: 'dup-c' },
      ]),
      'DATABASE_DUPLICATE_WRITE',
    );
    expect(e.message).toContain('E11000 duplicate key error collection: people index: _id_');
    expect((await d.collection('people').doc('dup-a').get()).data).toEqual([
      { _id: 'dup-a', openid: 'dup-a' },
    ]);
    expect((await d.collection('people').doc('own-1').get()).data[0]).toEqual(before);
    expect((await d.collection('people').doc('dup-c').get()).data).toEqual([]);
    await d.collection('people').doc('dup-a').remove();
  });

  it('add([...]) meeting a unique-index duplicate keeps the documents before it and their index entries', async () => {
    // a bulk add first tries all-or-nothing (no savepoint per document); on a duplicate it must end
    // exactly as the ordered insert: the first written and findable, the rest absent
    await d.collection('people').add({ _id: 'bulk-own', openid: 'bulk-taken' });
    const e = await expectCode(
      d.collection('people').add([
        { _id: 'bulk-a', openid: 'bulk-a', age: 71 },
        { _id: 'bulk-b', openid: 'bulk-taken', age: 71 },
        { _id: 'bulk-c', openid: 'bulk-c', age: 71 },
      ]),
      'DATABASE_DUPLICATE_WRITE',
    );
    expect(e.message).toContain('index: openid_1');
    const aged = (await d.collection('people').where({ age: 71 }).get()).data as { _id: string }[];
    expect(aged.map((p) => p._id)).toEqual(['bulk-a']);
    expect((await d.collection('people').where({ openid: 'bulk-c' }).get()).data).toEqual([]);
    // the entries of the rolled-back attempt are gone: bulk-c's openid is free
    await d.collection('people').add({ _id: 'bulk-c2', openid: 'bulk-c' });
    for (const id of ['bulk-own', 'bulk-a', 'bulk-c2']) await d.collection('people').doc(id).remove();
  });

  it('doc().set creates, then replaces the whole document', async () => {
    const created = await d.collection('people').doc('set-1').set({ openid: 'set-1', a: 1, b: 2 });
    expect(created.upsertedId).toBe('set-1');
    const replaced = await d.collection('people').doc('set-1').set({ openid: 'set-1', c: 3 });
    expect(replaced.updated).toBe(1);
    expect((await d.collection('people').doc('set-1').get()).data[0]).toEqual({
      _id: 'set-1',
      openid: 'set-1',
      c: 3,
    });
  });

  it('doc().update merges fields (nested objects by path); doc().remove deletes', async () => {
    await d
      .collection('people')
      .doc('upd-1')
      .set({ openid: 'upd-1', profile: { a: 1, b: 1 }, keep: true });
    const u = await d
      .collection('people')
      .doc('upd-1')
      .update({ profile: { b: 2 }, extra: 'x' });
    expect(u.updated).toBe(1);
    expect((await d.collection('people').doc('upd-1').get()).data[0]).toEqual({
      _id: 'upd-1',
      openid: 'upd-1',
      profile: { a: 1, b: 2 },
      keep: true,
      extra: 'x',
    });
    expect((await d.collection('people').doc('upd-1').remove()).deleted).toBe(1);
    expect((await d.collection('people').doc('upd-1').get()).data).toEqual([]);
    expect((await d.collection('people').doc('upd-1').update({ x: 1 })).updated).toBe(0);
  });

  it('Date values and db.serverDate() round-trip as Dates', async () => {
    const at = new Date('2026-03-01T08:00:00.123Z');
    const before = Date.now();
    await d.collection('people').doc('date-1').set({ openid: 'date-1', at, seen: d.serverDate() });
    const doc = (await d.collection('people').doc('date-1').get()).data[0];
    expect(doc.at).toBeInstanceOf(Date);
    expect(doc.at.getTime()).toBe(at.getTime());
    expect(doc.seen).toBeInstanceOf(Date);
    expect(doc.seen.getTime()).toBeGreaterThanOrEqual(before);
    expect(doc.seen.getTime()).toBeLessThanOrEqual(Date.now());
    // a Date in a query compares as a date
    const hit = await d
      .collection('people')
      .where({ openid: 'date-1', at: _.gt(new Date('2026-01-01')) })
      .get();
    expect(hit.data.map((x: Any) => x._id)).toEqual(['date-1']);
  });
});

describe('where / orderBy / skip / limit / field / count', () => {
  beforeAll(async () => {
    await d.collection('things').add([
      {
        _id: 't1',
        kind: 'a',
        n: 1,
        tags: ['x', 'y'],
        meta: { group: 'g1', w: 5 },
        items: [{ q: 1 }, { q: 5 }],
        name: 'Alpha',
      },
      {
        _id: 't2',
        kind: 'a',
        n: 2,
        tags: ['y'],
        meta: { group: 'g1', w: 3 },
        items: [{ q: 2 }],
        name: 'beta',
      },
      { _id: 't3', kind: 'a', n: 3, tags: [], meta: { group: 'g2', w: 3 }, name: 'Gamma' },
      {
        _id: 't4',
        kind: 'b',
        n: 1,
        tags: ['x'],
        meta: { group: 'g2', w: 1 },
        items: [{ q: 9 }],
        name: 'delta',
        opt: 1,
      },
      { _id: 't5', kind: 'b', n: 5, meta: { group: 'g3', w: 9 }, name: 'alphabet' },
    ]);
  });
  const ids = (res: Any) => res.data.map((x: Any) => x._id).sort();
  const get = (q: object) => d.collection('things').where(q).get();

  it('eq, neq, gt, gte, lt, lte', async () => {
    expect(ids(await get({ kind: 'a', n: _.eq(2) }))).toEqual(['t2']);
    expect(ids(await get({ kind: 'a', n: _.neq(2) }))).toEqual(['t1', 't3']);
    expect(ids(await get({ kind: 'a', n: _.gt(1) }))).toEqual(['t2', 't3']);
    expect(ids(await get({ kind: 'a', n: _.gte(2).and(_.lte(3)) }))).toEqual(['t2', 't3']);
    expect(ids(await get({ kind: 'a', n: _.lt(3) }))).toEqual(['t1', 't2']);
  });

  it('in, nin, and, or', async () => {
    expect(ids(await get({ kind: _.in(['a', 'b']), n: _.in([1, 5]) }))).toEqual(['t1', 't4', 't5']);
    expect(ids(await get({ kind: 'a', n: _.nin([1, 2]) }))).toEqual(['t3']);
    expect(
      ids(
        await d
          .collection('things')
          .where(_.and([{ kind: 'b' }, { n: _.gt(1) }]))
          .get(),
      ),
    ).toEqual(['t5']);
    expect(
      ids(
        await d
          .collection('things')
          .where(
            _.or([
              { kind: 'b', n: 5 },
              { kind: 'a', n: 1 },
            ]),
          )
          .get(),
      ),
    ).toEqual(['t1', 't5']);
  });

  it('exists, size, elemMatch, RegExp (JS and db.RegExp), nested fields', async () => {
    expect(ids(await get({ kind: 'b', opt: _.exists(true) }))).toEqual(['t4']);
    expect(ids(await get({ kind: 'a', tags: _.size(0) }))).toEqual(['t3']);
    expect(ids(await get({ kind: 'a', items: _.elemMatch({ q: _.gt(4) }) }))).toEqual(['t1']);
    expect(ids(await get({ kind: _.in(['a', 'b']), name: /^alpha/i }))).toEqual(['t1', 't5']);
    expect(ids(await get({ kind: 'a', name: d.RegExp({ regexp: 'ta$', options: 'i' }) }))).toEqual(['t2']);
    expect(ids(await get({ meta: { group: 'g1' } }))).toEqual(['t1', 't2']);
    expect(ids(await get({ 'meta.group': 'g2', 'meta.w': _.lt(3) }))).toEqual(['t4']);
    expect(ids(await get({ kind: 'a', tags: 'x' }))).toEqual(['t1']); // array contains
  });

  it('orderBy several keys, skip and limit', async () => {
    const res = await d
      .collection('things')
      .where({ kind: _.in(['a', 'b']) })
      .orderBy('n', 'asc')
      .orderBy('kind', 'desc')
      .orderBy('_id', 'asc')
      .skip(1)
      .limit(3)
      .get();
    expect(res.data.map((x: Any) => x._id)).toEqual(['t1', 't2', 't3']);
    const desc = await d
      .collection('things')
      .where({ kind: 'a' })
      .orderBy('meta.w', 'desc')
      .orderBy('n', 'desc')
      .get();
    expect(desc.data.map((x: Any) => x._id)).toEqual(['t1', 't3', 't2']);
  });

  it('field() projection includes or excludes fields (_id kept)', async () => {
    const inc = await d
      .collection('things')
      .where({ kind: 'b', n: 1 })
      .field({ name: true, 'meta.group': true })
      .get();
    expect(inc.data).toEqual([{ _id: 't4', name: 'delta', meta: { group: 'g2' } }]);
    const exc = await d.collection('things').doc('t5').field({ meta: false, name: false }).get();
    expect(exc.data).toEqual([{ _id: 't5', kind: 'b', n: 5 }]);
  });

  it('count()', async () => {
    expect((await d.collection('things').where({ kind: 'a' }).count()).total).toBe(3);
    expect((await d.collection('things').count()).total).toBe(5);
  });

  it('limit defaults to 100 and is capped at 1000', async () => {
    const docs = Array.from({ length: 1100 }, (_x, i) => ({ i }));
    await d.collection('bulk').add(docs);
    expect((await d.collection('bulk').get()).data).toHaveLength(100);
    expect((await d.collection('bulk').limit(5000).get()).data).toHaveLength(1000);
    expect(
      (
        await d.collection('bulk').orderBy('i', 'desc').orderBy('_id', 'asc').skip(1095).limit(10).get()
      ).data.map((x: Any) => x.i),
    ).toEqual([4, 3, 2, 1, 0]);
  });
});

describe('update operators', () => {
  const get = async (id: string) => (await d.collection('things').doc(id).get()).data[0];
  beforeEach(async () => {
    await d
      .collection('things')
      .doc('u1')
      .set({ kind: 'u', n: 10, arr: [1, 2, 3], tags: ['a'], o: { p: 1, q: 2 } });
  });

  it('set, inc, mul, remove', async () => {
    await d
      .collection('things')
      .doc('u1')
      .update({ o: _.set({ z: 1 }), n: _.inc(5), m: _.inc(2) });
    await d
      .collection('things')
      .doc('u1')
      .update({ n: _.mul(2), tags: _.remove() });
    expect(await get('u1')).toEqual({ _id: 'u1', kind: 'u', n: 30, m: 2, arr: [1, 2, 3], o: { z: 1 } });
  });

  it('push (values, each/position/slice), unshift, pop, shift', async () => {
    await d
      .collection('things')
      .doc('u1')
      .update({ arr: _.push(4, 5) });
    expect((await get('u1')).arr).toEqual([1, 2, 3, 4, 5]);
    await d
      .collection('things')
      .doc('u1')
      .update({ arr: _.push({ each: [0], position: 0, slice: 4 }) });
    expect((await get('u1')).arr).toEqual([0, 1, 2, 3]);
    await d
      .collection('things')
      .doc('u1')
      .update({ arr: _.unshift([-2, -1]) });
    expect((await get('u1')).arr).toEqual([-2, -1, 0, 1, 2, 3]);
    await d.collection('things').doc('u1').update({ arr: _.pop() });
    await d.collection('things').doc('u1').update({ arr: _.shift() });
    expect((await get('u1')).arr).toEqual([-1, 0, 1, 2]);
  });

  it('pull, pullAll, addToSet', async () => {
    await d
      .collection('things')
      .doc('u1')
      .update({ arr: _.pull(2), tags: _.addToSet('a') });
    expect(await get('u1')).toMatchObject({ arr: [1, 3], tags: ['a'] });
    await d
      .collection('things')
      .doc('u1')
      .update({ tags: _.addToSet({ $each: ['b', 'c'] }), arr: _.pullAll([1, 3]) });
    expect(await get('u1')).toMatchObject({ arr: [], tags: ['a', 'b', 'c'] });
  });

  it('where().update updates every match; where().remove removes every match', async () => {
    await d.collection('things').add([
      { _id: 'w1', kind: 'w', n: 1 },
      { _id: 'w2', kind: 'w', n: 2 },
      { _id: 'w3', kind: 'w', n: 3 },
    ]);
    const u = await d
      .collection('things')
      .where({ kind: 'w', n: _.gte(2) })
      .update({ flag: true, n: _.inc(10) });
    expect(u.updated).toBe(2);
    const flagged = await d.collection('things').where({ kind: 'w' }).orderBy('n', 'asc').get();
    expect(flagged.data.map((x: Any) => [x._id, x.n, x.flag])).toEqual([
      ['w1', 1, undefined],
      ['w2', 12, true],
      ['w3', 13, true],
    ]);
    expect((await d.collection('things').where({ kind: 'w' }).remove()).deleted).toBe(3);
  });

  it('an unknown update operator is DATABASE_INVALID_OPERRATOR', async () => {
    await expectCode(
      d
        .collection('things')
        .options({ raw: true })
        .doc('u1')
        .update({ $nope: { n: 1 } }),
      'DATABASE_INVALID_OPERRATOR',
    );
  });
});

describe('errors and strict indexes', () => {
  it('a unique index rejects a second document with the same key (add, set, update)', async () => {
    await d.collection('people').add({ _id: 'uq-1', openid: 'uq' });
    const e = await expectCode(d.collection('people').add({ openid: 'uq' }), 'DATABASE_DUPLICATE_WRITE');
    expect(e.message).toContain('index: openid_1 dup key: { openid: "uq" }');
    await d.collection('people').add({ _id: 'uq-2', openid: 'uq2' });
    await expectCode(d.collection('people').doc('uq-2').update({ openid: 'uq' }), 'DATABASE_DUPLICATE_WRITE');
    await expectCode(d.collection('people').doc('uq-3').set({ openid: 'uq' }), 'DATABASE_DUPLICATE_WRITE');
    // compound unique key: same activity, other member is fine; same pair is not
    await d.collection('checkins').add([
      { activityId: 'a1', memberId: 'm1' },
      { activityId: 'a1', memberId: 'm2' },
    ]);
    await expectCode(
      d.collection('checkins').add({ activityId: 'a1', memberId: 'm1' }),
      'DATABASE_DUPLICATE_WRITE',
    );
  });

  it('concurrent adds of one unique key from several clients: exactly one wins', async () => {
    const clients = Array.from({ length: 3 }, () => tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database());
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_x, i) => clients[i % 3].collection('people').add({ openid: 'race', i })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.map((r) => r.reason.code)).toEqual(Array(11).fill('DATABASE_DUPLICATE_WRITE'));
    expect((await d.collection('people').where({ openid: 'race' }).count()).total).toBe(1);
  });

  it('an invalid query operator is DATABASE_INVALID_OPERRATOR', async () => {
    const e = await expectCode(
      d
        .collection('things')
        .options({ raw: true })
        .where({ kind: 'a', n: { $bogus: 1 } })
        .get(),
      'DATABASE_INVALID_OPERRATOR',
    );
    expect(e.message).toContain('$bogus');
  });

  it('strict indexes: an unindexed where fails naming the collection and the query', async () => {
    const e = await expectCode(
      d.collection('things').where({ name: 'Alpha' }).get(),
      'DATABASE_INDEX_NOT_SERVED',
    );
    expect(e.message).toContain('"things"');
    expect(e.message).toContain('"name":"Alpha"');
    await expectCode(d.collection('things').where({ n: 1 }).count(), 'DATABASE_INDEX_NOT_SERVED'); // n is not a prefix
    await expectCode(
      d.collection('things').where({ name: 'x' }).update({ a: 1 }),
      'DATABASE_INDEX_NOT_SERVED',
    );
    await expectCode(d.collection('things').where({ name: 'x' }).remove(), 'DATABASE_INDEX_NOT_SERVED');
    await expectCode(
      d
        .collection('things')
        .where(_.or([{ kind: 'a' }, { name: 'x' }]))
        .get(),
      'DATABASE_INDEX_NOT_SERVED',
    );
  });

  it('strict indexes: index prefixes, ranges, $in, $or of served branches, _id and empty where are served', async () => {
    await d.collection('things').where({ kind: 'a' }).get();
    await d
      .collection('things')
      .where({ kind: 'a', n: _.gt(1), name: /a/ })
      .get();
    await d
      .collection('things')
      .where({ 'meta.group': _.in(['g1', 'g2']) })
      .count();
    await d
      .collection('things')
      .where(_.or([{ kind: 'a' }, { 'meta.group': 'g3' }]))
      .get();
    await d
      .collection('things')
      .where({ _id: _.in(['t1', 't2']) })
      .get();
    await d.collection('things').orderBy('name', 'asc').limit(2).get();
  });
});

describe('aggregate', () => {
  beforeAll(async () => {
    await d.collection('people').add([
      { _id: 'ag-p1', openid: 'ag-1', name: 'P1', age: 20 },
      { _id: 'ag-p2', openid: 'ag-2', name: 'P2', age: 40 },
    ]);
    await d.collection('orders').add([
      { personId: 'ag-p1', amount: 10, items: ['x', 'y'] },
      { personId: 'ag-p1', amount: 30, items: ['y'] },
      { personId: 'ag-p2', amount: 5, items: [] },
    ]);
  });

  it('match, group (sum/avg/min/max/first/last/push), sort, project', async () => {
    const $ = d.command.aggregate;
    const res = await d
      .collection('orders')
      .aggregate()
      .match({ personId: _.in(['ag-p1', 'ag-p2']) })
      .sort({ amount: 1 })
      .group({
        _id: '$personId',
        total: $.sum('$amount'),
        avg: $.avg('$amount'),
        min: $.min('$amount'),
        max: $.max('$amount'),
        first: $.first('$amount'),
        last: $.last('$amount'),
        all: $.push('$amount'),
        n: $.sum(1),
      })
      .sort({ total: -1 })
      .project({ _id: 0, who: '$_id', total: 1, avg: 1, min: 1, max: 1, first: 1, last: 1, all: 1, n: 1 })
      .end();
    expect(res.data).toEqual([
      { who: 'ag-p1', total: 40, avg: 20, min: 10, max: 30, first: 10, last: 30, all: [10, 30], n: 2 },
      { who: 'ag-p2', total: 5, avg: 5, min: 5, max: 5, first: 5, last: 5, all: [5], n: 1 },
    ]);
  });

  it('strict indexes apply to the first $match of a pipeline', async () => {
    const e = await expectCode(
      d
        .collection('orders')
        .aggregate()
        .match({ amount: _.gt(1) })
        .end(),
      'DATABASE_INDEX_NOT_SERVED',
    );
    expect(e.message).toContain('"orders"');
    expect(e.message).toContain('{"amount":{"$gt":1}}');
    const all = await d
      .collection('orders')
      .aggregate()
      .group({ _id: null, n: d.command.aggregate.sum(1) })
      .end();
    expect(all.data).toEqual([{ _id: null, n: 3 }]);
  });

  it('unwind, skip, limit, count, lookup across collections', async () => {
    const unwound = await d
      .collection('orders')
      .aggregate()
      .match({ personId: 'ag-p1' })
      .unwind('$items')
      .sort({ items: 1, amount: 1 })
      .skip(1)
      .limit(2)
      .project({ _id: 0, items: 1, amount: 1 })
      .end();
    expect(unwound.data).toEqual([
      { items: 'y', amount: 10 },
      { items: 'y', amount: 30 },
    ]);
    const counted = await d.collection('orders').aggregate().match({ personId: 'ag-p1' }).count('n').end();
    expect(counted.data).toEqual([{ n: 2 }]);
    const joined = await d
      .collection('orders')
      .aggregate()
      .match({ personId: 'ag-p2' })
      .lookup({ from: 'people', localField: 'personId', foreignField: '_id', as: 'person' })
      .project({ _id: 0, amount: 1, name: { $arrayElemAt: ['$person.name', 0] } })
      .end();
    expect(joined.data).toEqual([{ amount: 5, name: 'P2' }]);
  });

  it('answers the first 20 results of a pipeline without $limit, as CloudBase does', async () => {
    await d.collection('bulk_ag').add(Array.from({ length: 30 }, (_x, i) => ({ i })));
    const cut = await d.collection('bulk_ag').aggregate().sort({ i: 1 }).end();
    expect(cut.data).toHaveLength(20);
    const all = await d.collection('bulk_ag').aggregate().sort({ i: 1 }).limit(1000).end();
    expect(all.data.map((x: Any) => x.i)).toEqual(Array.from({ length: 30 }, (_x, i) => i));
  });
});

describe('transactions', () => {
  beforeEach(async () => {
    await d.collection('counters').doc('c1').set({ v: 0 });
    await d.collection('counters').doc('c2').set({ v: 0 });
  });
  const value = async (id: string) => (await d.collection('counters').doc(id).get()).data[0]?.v;

  it('startTransaction: ops see their own writes, commit applies atomically', async () => {
    const t = await d.startTransaction();
    await t.collection('counters').doc('c1').update({ v: 1 });
    await t.collection('counters').add({ _id: 'c-new', v: 7 });
    expect((await t.collection('counters').doc('c1').get()).data).toMatchObject({ v: 1 });
    expect((await t.collection('counters').doc('c-new').get()).data).toMatchObject({ v: 7 });
    expect(await value('c1')).toBe(0); // not visible outside before commit
    expect(await value('c-new')).toBeUndefined();
    await t.commit();
    expect(await value('c1')).toBe(1);
    expect(await value('c-new')).toBe(7);
    await d.collection('counters').doc('c-new').remove();
  });

  it('rollback discards the writes; runTransaction returns the callback value', async () => {
    const t = await d.startTransaction();
    await t.collection('counters').doc('c1').set({ v: 99 });
    await t.collection('counters').doc('c2').remove();
    await t.rollback();
    expect(await value('c1')).toBe(0);
    expect(await value('c2')).toBe(0);
    const out = await d.runTransaction(async (tx: Any) => {
      const cur = (await tx.collection('counters').doc('c2').get()).data.v;
      await tx
        .collection('counters')
        .doc('c2')
        .update({ v: cur + 5 });
      return 'done';
    });
    expect(out).toBe('done');
    expect(await value('c2')).toBe(5);
  });

  it('two open transactions writing one document: the second gets DATABASE_TRANSACTION_CONFLICT', async () => {
    const t1 = await d.startTransaction();
    const t2 = await d.startTransaction();
    await t1.collection('counters').doc('c1').update({ v: 1 });
    await expectCode(t2.collection('counters').doc('c1').update({ v: 2 }), 'DATABASE_TRANSACTION_CONFLICT');
    await t1.commit();
    expect(await value('c1')).toBe(1);
  });

  it('runTransaction retries on a conflict and then succeeds', async () => {
    const other = await d.startTransaction();
    await other.collection('counters').doc('c1').update({ v: 100 });
    let attempts = 0;
    await d.runTransaction(async (tx: Any) => {
      attempts++;
      const cur = (await tx.collection('counters').doc('c1').get()).data.v;
      if (attempts === 1) await other.commit(); // c1 now changed after this transaction started
      await tx
        .collection('counters')
        .doc('c1')
        .update({ v: cur + 1 });
    });
    expect(attempts).toBe(2);
    expect(await value('c1')).toBe(101);
  });

  it('a plain write to a document held by a transaction waits for the commit', async () => {
    const t = await d.startTransaction();
    await t.collection('counters').doc('c1').update({ v: 10 });
    let done = false;
    const plain = d
      .collection('counters')
      .doc('c1')
      .update({ v: _.inc(1) })
      .then(() => (done = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(done).toBe(false);
    await t.commit();
    await plain;
    expect(await value('c1')).toBe(11);
  });

  it('unique indexes hold inside transactions', async () => {
    await d.collection('people').add({ _id: 'tx-u1', openid: 'tx-u' });
    const t = await d.startTransaction();
    await expectCode(t.collection('people').add({ openid: 'tx-u' }), 'DATABASE_DUPLICATE_WRITE');
    const a = await d.startTransaction();
    const b = await d.startTransaction();
    await a.collection('people').add({ _id: 'tx-a', openid: 'tx-same' });
    await expectCode(
      b.collection('people').add({ _id: 'tx-b', openid: 'tx-same' }),
      'DATABASE_TRANSACTION_CONFLICT',
    );
    await a.commit();
    expect(
      (await d.collection('people').where({ openid: 'tx-same' }).get()).data.map((x: Any) => x._id),
    ).toEqual(['tx-a']);
    // many concurrent runTransaction inserts of one unique key: one document, the others fail
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_x, i) =>
        d.runTransaction(async (tx: Any) => {
          await tx.collection('people').add({ _id: `tx-race-${i}`, openid: 'tx-race' });
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        expect(['DATABASE_TRANSACTION_CONFLICT', 'DATABASE_DUPLICATE_WRITE']).toContain(o.reason.code);
      }
    }
    expect((await d.collection('people').where({ openid: 'tx-race' }).count()).total).toBe(1);
  });

  it('many concurrent runTransaction increments from several SDK clients lose no update', async () => {
    await d.collection('counters').doc('hot').set({ v: 0 });
    const handle = jest.spyOn(db, 'handle');
    const clients = Array.from({ length: 4 }, () => tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database());
    const perClient = 6;
    let conflicts = 0;
    const increment = async (cdb: Any) => {
      for (;;) {
        try {
          await cdb.runTransaction(async (tx: Any) => {
            const cur = (await tx.collection('counters').doc('hot').get()).data.v;
            await new Promise((r) => setTimeout(r, Math.random() * 5));
            await tx
              .collection('counters')
              .doc('hot')
              .update({ v: cur + 1 });
          });
          return;
        } catch (e) {
          // runTransaction already retried 3 times; the emulator answered a real conflict each time
          expect((e as Any).code).toBe('DATABASE_TRANSACTION_CONFLICT');
          conflicts++;
          await new Promise((r) => setTimeout(r, Math.random() * 20));
        }
      }
    };
    await Promise.all(
      clients.flatMap((c) =>
        Array.from({ length: perClient }, async (_x, i) => {
          await new Promise((r) => setTimeout(r, i * 3));
          await increment(c);
        }),
      ),
    );
    expect(await value('hot')).toBe(clients.length * perClient);
    // the transactions really contended: more were started than succeeded (the SDK retried on conflicts)
    const starts = handle.mock.calls.filter(([action]) => action === 'database.startTransaction').length;
    handle.mockRestore();
    expect(starts).toBeGreaterThan(clients.length * perClient);
    expect(starts).toBeGreaterThanOrEqual(clients.length * perClient + conflicts);
  });

  it('snapshot isolation: a document only read is no conflict; the transaction reads its snapshot', async () => {
    const t = await d.startTransaction();
    expect((await t.collection('counters').doc('c1').get()).data).toMatchObject({ v: 0 });
    // changed and removed by others after the snapshot
    await d.collection('counters').doc('c1').update({ v: 42 });
    await d.collection('counters').doc('c2').remove();
    // the transaction still reads its snapshot, and commits (it wrote nothing the others wrote)
    expect((await t.collection('counters').doc('c1').get()).data).toMatchObject({ v: 0 });
    expect((await t.collection('counters').doc('c2').get()).data).toMatchObject({ v: 0 });
    await t.collection('counters').add({ _id: 'c-snap', v: 1 });
    await t.commit();
    expect(await value('c1')).toBe(42);
    expect(await value('c-snap')).toBe(1);
    await d.collection('counters').doc('c-snap').remove();
  });

  it('guarding a read by writing it: a change made after the snapshot then conflicts and the retry sees it', async () => {
    let attempts = 0;
    const seen: number[] = [];
    await d.runTransaction(async (tx: Any) => {
      attempts++;
      const cur = (await tx.collection('counters').doc('c1').get()).data.v;
      seen.push(cur);
      if (attempts === 1) await d.collection('counters').doc('c1').update({ v: 5 }); // e.g. cancelled meanwhile
      await tx
        .collection('counters')
        .doc('c1')
        .update({ guard: _.inc(1) });
      await tx.collection('counters').doc('c2').update({ v: cur });
    });
    expect(seen).toEqual([0, 5]);
    expect(await value('c2')).toBe(5);
  });

  it('only single-document operations inside a transaction: where().get() and multi-document add are refused', async () => {
    const t = await d.startTransaction();
    await expectCode(t.collection('counters').where({ v: 0 }).get(), 'INVALID_PARAM');
    const refused = await expectCode(t.collection('counters').where({ _id: 'c1' }).get(), 'INVALID_PARAM');
    expect(refused.message).toMatch(/not supported in a transaction/);
    await expectCode(t.collection('counters').add([{ v: 1 }, { v: 2 }]), 'INVALID_PARAM');
    // single-document operations still work in the same transaction
    await t.collection('counters').doc('c1').update({ v: 3 });
    await t.commit();
    expect(await value('c1')).toBe(3);
    expect(await value('c2')).toBe(0);
  });

  it('where().update/remove, count() and aggregate() on a transaction collection escape it (the SDK sends no transactionId)', async () => {
    // why cloudfunctions/core/sdk.ts types a transaction's collection without where(), count() and
    // aggregate(): such a call does not fail, it runs at once outside the transaction and survives its
    // rollback. The request carries no transaction id, so no server (CloudBase, this local cloud) can
    // tell it from a plain one and refuse it; only the type stops it (cloudfunctions/core/sdk.test.ts).
    await d.collection('counters').doc('c-gone').set({ v: 1 });
    const t = await d.startTransaction();
    await t.collection('counters').doc('c1').update({ v: 5 }); // a real transactional write
    await t.collection('counters').where({ _id: 'c2' }).update({ v: 9 });
    await t.collection('counters').where({ _id: 'c-gone' }).remove();
    expect((await t.collection('counters').where({ _id: 'c2' }).count()).total).toBe(1);
    const agg = await t.collection('counters').aggregate().match({ _id: 'c2' }).end();
    expect(agg.data).toEqual([{ _id: 'c2', v: 9 }]); // already visible outside: it was never in the transaction
    await t.rollback();
    expect(await value('c1')).toBe(0); // rolled back
    expect(await value('c2')).toBe(9); // not
    expect((await d.collection('counters').doc('c-gone').get()).data).toEqual([]); // not
  });
});

describe('paging with skip', () => {
  it('a skip without a total order is refused in strict mode (pages could repeat or miss documents)', async () => {
    const e = await expectCode(
      d.collection('things').where({ kind: 'a' }).orderBy('n', 'asc').skip(1).get(),
      'DATABASE_INDEX_NOT_SERVED',
    );
    expect(e.message).toMatch(/without a total order/);
    // ordered by _id last: fine; a unique index's fields are a total order too
    await d.collection('things').where({ kind: 'a' }).orderBy('n', 'asc').orderBy('_id', 'asc').skip(1).get();
    await d
      .collection('people')
      .where({ age: _.gte(0) })
      .orderBy('openid', 'asc')
      .skip(1)
      .get();
  });

  it('pages through more than 1,000 rows ordered by _id without repeats or gaps', async () => {
    await d.createCollection('paged').catch(() => undefined);
    const n = 2345;
    for (let i = 0; i < n; i += 1000)
      await d.collection('paged').add(
        Array.from({ length: Math.min(1000, n - i) }, (_x, j) => ({
          _id: `p${String(i + j).padStart(5, '0')}`,
          slot: (i + j) % 7,
        })),
      );
    const seen: string[] = [];
    for (;;) {
      const page = await d
        .collection('paged')
        .orderBy('slot', 'asc')
        .orderBy('_id', 'asc')
        .skip(seen.length)
        .limit(1000)
        .get();
      seen.push(...page.data.map((x: Any) => x._id as string));
      if (page.data.length < 1000) break;
    }
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });
});

describe('wx-server-sdk', () => {
  let wdb: Any;
  beforeAll(() => {
    const cloud = require('wx-server-sdk');
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    wdb = cloud.database();
  });

  it('add / doc().get / where().get / update / remove', async () => {
    const { _id } = await wdb
      .collection('people')
      .add({ data: { openid: 'wx-1', age: 50, at: new Date(86400000) } });
    expect(typeof _id).toBe('string');
    const got = await wdb.collection('people').doc(_id).get();
    expect(got.data).toEqual({ _id, openid: 'wx-1', age: 50, at: new Date(86400000) });
    const list = await wdb.collection('people').where({ openid: 'wx-1' }).get();
    expect(list.data).toHaveLength(1);
    const upd = await wdb
      .collection('people')
      .doc(_id)
      .update({ data: { age: wdb.command.inc(1) } });
    expect(upd.stats.updated).toBe(1);
    expect((await wdb.collection('people').doc(_id).get()).data.age).toBe(51);
    const rm = await wdb.collection('people').doc(_id).remove();
    expect(rm.stats.removed).toBe(1);
  });

  it('errors carry the wx errCode (-502005 for a missing collection)', async () => {
    await expect(wdb.collection('no_such').where({ a: 1 }).get()).rejects.toMatchObject({ errCode: -502005 });
  });

  it('runTransaction commits', async () => {
    await wdb
      .collection('counters')
      .doc('wx-c')
      .set({ data: { v: 1 } });
    const r = await wdb.runTransaction(async (t: Any) => {
      const cur = await t.collection('counters').doc('wx-c').get();
      await t
        .collection('counters')
        .doc('wx-c')
        .update({ data: { v: cur.data.v + 1 } });
      return cur.data.v;
    });
    expect(r).toBe(1);
    expect((await wdb.collection('counters').doc('wx-c').get()).data.v).toBe(2);
  });
});

/** Unit tests of the database module called directly (wire bodies as the SDK sends them). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEJSON, stringifyEJSON } from './ejson';
import { LocalDatabase, loadCollectionSpecs, type CollectionSpec } from './index';
import { indexEntries } from './keys';
import { planQuery, type IndexInfo } from './planner';

const dir = mkdtempSync(path.join(tmpdir(), 'tcb-db-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Reply = Record<string, unknown>;
const list = (r: Reply) =>
  ((r.data as { list: string[] }).list ?? []).map((s) => parseEJSON(s, null) as Reply);
const q = (v: unknown) => JSON.stringify(v);

function open(
  collections: CollectionSpec[],
  extra: Partial<ConstructorParameters<typeof LocalDatabase>[0]> = {},
) {
  return new LocalDatabase({ file: ':memory:', collections, ...extra });
}

describe('EJSON codec', () => {
  it('parses the canonical EJSON the SDK sends', () => {
    const v = parseEJSON(
      '{"n":{"$numberInt":"1"},"x":{"$numberDouble":"1.5"},"l":{"$numberLong":"9"},' +
        '"d":{"$date":{"$numberLong":"5"}},"r":{"$regularExpression":{"pattern":"ab","options":"ix"}},' +
        '"s":{"$tcb_server_date":{"offset":{"$numberInt":"1000"}}},"arr":[{"$numberInt":"2"}]}',
      50_000,
    ) as Reply;
    expect(v).toEqual({ n: 1, x: 1.5, l: 9, d: new Date(5), r: /ab/i, s: new Date(51_000), arr: [2] });
  });

  it('writes relaxed EJSON: Dates as {$date: ISO} (or $numberLong before 1970), numbers plain', () => {
    const s = stringifyEJSON({ a: 1, d: new Date(7), old: new Date(-5), nested: [{ d: new Date(0) }] });
    expect(JSON.parse(s)).toEqual({
      a: 1,
      d: { $date: '1970-01-01T00:00:00.007Z' },
      old: { $date: { $numberLong: '-5' } },
      nested: [{ d: { $date: '1970-01-01T00:00:00.000Z' } }],
    });
    expect(parseEJSON(s, null)).toEqual({
      a: 1,
      d: new Date(7),
      old: new Date(-5),
      nested: [{ d: new Date(0) }],
    });
  });
});

describe('planner and index keys', () => {
  const ix = (name: string, fields: string[], multikey = false): IndexInfo => ({ name, fields, multikey });
  const indexes = [ix('a_b', ['a', 'b']), ix('c', ['c'])];

  it('served: _id, first index key as eq/$in/range, $or of served branches, empty query', () => {
    expect(planQuery({ _id: 'x' }, indexes)).toMatchObject({ served: true, plan: { kind: 'ids' } });
    expect(planQuery({ a: 1, z: 2 }, indexes)).toMatchObject({ served: true, plan: { kind: 'index' } });
    expect(planQuery({ a: { $in: [1, 2] }, b: { $gt: 3 } }, indexes).plan).toMatchObject({
      kind: 'index',
      probes: [{ eq: [[2, 1]], range: { tag: 2, lower: { v: 3 } } }, { eq: [[2, 2]] }],
    });
    expect(planQuery({ $and: [{ c: { $lte: new Date(5) } }] }, indexes)).toMatchObject({ served: true });
    expect(planQuery({ $or: [{ a: 1 }, { c: 2 }] }, indexes)).toMatchObject({
      served: true,
      plan: { kind: 'or' },
    });
    expect(planQuery({}, indexes).served).toBe(true);
    expect(planQuery(undefined, indexes).served).toBe(true);
  });

  it('not served: non-prefix keys, $ne/$nin/$exists/regex-only conditions, an $or with an unserved branch', () => {
    expect(planQuery({ b: 1 }, indexes).served).toBe(false);
    expect(planQuery({ a: { $ne: 1 } }, indexes).served).toBe(false);
    expect(planQuery({ a: { $nin: [1] } }, indexes).served).toBe(false);
    expect(planQuery({ a: { $exists: true } }, indexes).served).toBe(false);
    expect(planQuery({ a: /x/ }, indexes).served).toBe(false);
    expect(planQuery({ $or: [{ a: 1 }, { z: 2 }] }, indexes).served).toBe(false);
  });

  it('multikey entries unroll arrays; missing fields index as null', () => {
    const { entries, multikey } = indexEntries({ tags: ['x', 'y', 'x'], k: 1 }, ['k', 'tags']);
    expect(multikey).toBe(true);
    expect(entries).toEqual([
      [
        [2, 1],
        [3, 'x'],
      ],
      [
        [2, 1],
        [3, 'y'],
      ],
    ]);
    expect(indexEntries({}, ['a.b']).entries).toEqual([[[1, 0]]]);
    expect(indexEntries({ a: [{ b: 1 }, { b: 2 }] }, ['a.b']).entries).toEqual([[[2, 1]], [[2, 2]]]);
  });
});

describe('queries through indexes', () => {
  const db = open([{ name: 'c', indexes: [{ keys: { tags: 1 } }, { keys: { v: 1 } }] }]);
  afterAll(() => db.close());

  it('a multikey range query matches when different elements meet each bound (MongoDB semantics)', async () => {
    await db.handle('database.insertDocument', {
      collectionName: 'c',
      data: [q({ _id: 'a', tags: [0, 10] }), q({ _id: 'b', tags: [3] }), q({ _id: 'c', tags: [20] })],
    });
    const r = await db.handle('database.getDocument', {
      collectionName: 'c',
      query: q({ tags: { $gt: 1, $lt: 5 } }),
    });
    expect(
      list(r)
        .map((d) => d._id)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('equality on null finds documents missing the field', async () => {
    await db.handle('database.insertDocument', {
      collectionName: 'c',
      data: [q({ _id: 'n1', v: null }), q({ _id: 'n2' })],
    });
    const r = await db.handle('database.getDocument', {
      collectionName: 'c',
      query: q({ v: null, _id: { $in: ['n1', 'n2'] } }),
    });
    expect(list(r).map((d) => d._id)).toEqual(['n1', 'n2']);
  });

  it('numbers, strings, dates and booleans keep their own type ranges', async () => {
    await db.handle('database.insertDocument', {
      collectionName: 'c',
      data: [
        q({ _id: 't1', v: 5 }),
        q({ _id: 't2', v: '5' }),
        q({ _id: 't3', v: { $date: '2026-01-01T00:00:00Z' } }),
        q({ _id: 't4', v: true }),
      ],
    });
    const gt = await db.handle('database.getDocument', { collectionName: 'c', query: q({ v: { $gt: 1 } }) });
    expect(list(gt).map((d) => d._id)).toEqual(['t1']);
    const dates = await db.handle('database.getDocument', {
      collectionName: 'c',
      query: q({ v: { $gte: { $date: { $numberLong: '0' } } } }),
    });
    expect(list(dates).map((d) => d._id)).toEqual(['t3']);
    const str = await db.handle('database.getDocument', { collectionName: 'c', query: q({ v: '5' }) });
    expect(list(str).map((d) => d._id)).toEqual(['t2']);
  });

  it('an indexed lookup is much faster than a full scan (20,000 documents)', async () => {
    const big = open([{ name: 'ix', indexes: [{ keys: { k: 1 } }] }, { name: 'noix' }]);
    try {
      for (const name of ['ix', 'noix']) {
        for (let b = 0; b < 20_000; b += 2000) {
          const data = Array.from({ length: 2000 }, (_x, i) => q({ k: (b + i) % 2000, pad: 'x'.repeat(50) }));
          await big.handle('database.insertDocument', { collectionName: name, data });
        }
      }
      const time = async (name: string, n: number) => {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < n; i++) {
          const r = await big.handle('database.getDocument', {
            collectionName: name,
            query: q({ k: i % 2000 }),
          });
          expect(list(r)).toHaveLength(10);
        }
        return Number(process.hrtime.bigint() - t0) / n;
      };
      await time('ix', 5);
      const indexed = await time('ix', 50);
      const scanned = await time('noix', 3);
      expect(scanned / indexed).toBeGreaterThan(20);
    } finally {
      big.close();
    }
  });
});

describe('unique indexes', () => {
  it('treat a missing field as null (like MongoDB): a second document without the key is a duplicate', async () => {
    const db = open([{ name: 'u', indexes: [{ name: 'email_1', keys: { email: 1 }, unique: true }] }]);
    await db.handle('database.insertDocument', { collectionName: 'u', data: [q({ _id: 1 })] });
    const r = await db.handle('database.insertDocument', { collectionName: 'u', data: [q({ _id: 2 })] });
    expect(r).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect(String(r.message)).toContain('dup key: { email: null }');
    db.close();
  });

  it('multikey unique: two documents sharing an array element conflict; one document may repeat it', async () => {
    const db = open([{ name: 'u', indexes: [{ keys: { codes: 1 }, unique: true }] }]);
    const ok = await db.handle('database.insertDocument', {
      collectionName: 'u',
      data: [q({ codes: ['a', 'a', 'b'] })],
    });
    expect(ok.code).toBeUndefined();
    const dup = await db.handle('database.insertDocument', {
      collectionName: 'u',
      data: [q({ codes: ['c', 'b'] })],
    });
    expect(dup.code).toBe('DATABASE_DUPLICATE_WRITE');
    db.close();
  });

  it('numeric and string _id are distinct; 1 and 1.0 are the same key', async () => {
    const db = open([{ name: 'u', indexes: [{ keys: { n: 1 }, unique: true }] }]);
    const r = await db.handle('database.insertDocument', {
      collectionName: 'u',
      data: [q({ _id: 1, n: 1 }), q({ _id: '1', n: 2 })],
    });
    expect(r.data).toEqual({ insertedIds: [1, '1'] });
    const dup = await db.handle('database.insertDocument', {
      collectionName: 'u',
      data: ['{"n":{"$numberDouble":"1.0"}}'],
    });
    expect(dup.code).toBe('DATABASE_DUPLICATE_WRITE');
    db.close();
  });
});

describe('persistence and specs', () => {
  it('documents, runtime collections and indexes survive a reopen; a changed index spec is rebuilt', async () => {
    const file = path.join(dir, 'persist.sqlite');
    const specs: CollectionSpec[] = [{ name: 'p', indexes: [{ name: 'k', keys: { k: 1 }, unique: true }] }];
    let db = new LocalDatabase({ file, collections: specs });
    await db.handle('database.insertDocument', {
      collectionName: 'p',
      data: [q({ _id: 'a', k: 1 }), q({ _id: 'b', k: 2 })],
    });
    await db.handle('database.addCollection', { collectionName: 'later' });
    await db.handle('database.insertDocument', { collectionName: 'later', data: [q({ _id: 'x' })] });
    db.close();

    db = new LocalDatabase({ file, collections: specs, strictIndexes: true });
    expect(db.listCollections()).toEqual([
      { name: 'later', count: 1 },
      { name: 'p', count: 2 },
    ]);
    expect(
      (await db.handle('database.insertDocument', { collectionName: 'p', data: [q({ k: 1 })] })).code,
    ).toBe('DATABASE_DUPLICATE_WRITE');
    expect(db.listDocuments('p', 1)).toEqual([{ _id: 'b', k: 2 }]);
    db.close();

    // the spec now declares a non-unique index on another field: the old one goes, the new one is built
    const logs: string[] = [];
    db = new LocalDatabase({
      file,
      collections: [{ name: 'p', indexes: [{ name: 'j', keys: { j: 1 } }] }],
      strictIndexes: true,
      log: (m) => logs.push(m),
    });
    expect(logs.join('\n')).toMatch(/dropped index k[\s\S]*built index j over 2 documents/);
    expect(
      (await db.handle('database.insertDocument', { collectionName: 'p', data: [q({ k: 1 })] })).code,
    ).toBeUndefined();
    expect((await db.handle('database.getDocument', { collectionName: 'p', query: q({ k: 1 }) })).code).toBe(
      'DATABASE_INDEX_NOT_SERVED',
    );
    db.close();
  });

  it('declaring a unique index over existing duplicates fails at start', async () => {
    const file = path.join(dir, 'dups.sqlite');
    const db = new LocalDatabase({ file, collections: [{ name: 'p' }] });
    await db.handle('database.insertDocument', { collectionName: 'p', data: [q({ k: 1 }), q({ k: 1 })] });
    db.close();
    expect(
      () =>
        new LocalDatabase({
          file,
          collections: [{ name: 'p', indexes: [{ keys: { k: 1 }, unique: true }] }],
        }),
    ).toThrow(/E11000/);
  });

  it('loadCollectionSpecs reads collections.json and rejects malformed specs', () => {
    const good = path.join(dir, 'collections.json');
    writeFileSync(
      good,
      q({
        $comment: 'x',
        collections: [
          { name: 'members', permission: 'ADMINONLY', indexes: [{ keys: { openid: 1 }, unique: true }] },
        ],
      }),
    );
    expect(loadCollectionSpecs(good)).toEqual([
      { name: 'members', permission: 'ADMINONLY', indexes: [{ keys: { openid: 1 }, unique: true }] },
    ]);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, q({ collections: [{ name: 'm', indexes: [{ keys: { a: 2 } }] }] }));
    expect(() => loadCollectionSpecs(bad)).toThrow(/must map fields to 1 or -1/);
  });
});

describe('transactions (direct)', () => {
  it('an open transaction times out and is aborted; a late commit names the reason; abort stays idempotent', async () => {
    const db = open([{ name: 't' }], { transactionTimeoutMs: 100 });
    await db.handle('database.insertDocument', { collectionName: 't', data: [q({ _id: 'a', v: 1 })] });
    const { transactionId } = (await db.handle('database.startTransaction', {})) as { transactionId: string };
    await db.handle('database.modifyDocument', {
      collectionName: 't',
      transactionId,
      query: q({ _id: 'a' }),
      queryType: 'DOC',
      data: q({ $set: { v: 2 } }),
      merge: true,
    });
    await new Promise((r) => setTimeout(r, 200));
    const late = await db.handle('database.commitTransaction', { transactionId });
    expect(late.code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(String(late.message)).toContain('timed out');
    expect((await db.handle('database.abortTransaction', { transactionId })).code).toBeUndefined();
    expect((await db.handle('database.abortTransaction', { transactionId: 'tx_unknown' })).code).toBe(
      'DATABASE_TRANSACTION_FAIL',
    );
    // the lock is gone: a plain write goes straight through
    const plain = await db.handle('database.modifyDocument', {
      collectionName: 't',
      query: q({ _id: 'a' }),
      queryType: 'DOC',
      data: q({ $inc: { v: 10 } }),
      merge: true,
    });
    expect(plain.data).toMatchObject({ updated: 1 });
    expect(
      list(await db.handle('database.getDocument', { collectionName: 't', query: q({ _id: 'a' }) }))[0].v,
    ).toBe(11);
    db.close();
  });

  it('inside a transaction: doc reads see its own inserts and removals; a where-query is refused', async () => {
    const db = open([{ name: 't', indexes: [{ keys: { g: 1 } }] }], { strictIndexes: true });
    await db.handle('database.insertDocument', {
      collectionName: 't',
      data: [q({ _id: 'a', g: 1 }), q({ _id: 'b', g: 1 })],
    });
    const { transactionId } = (await db.handle('database.startTransaction', {})) as { transactionId: string };
    await db.handle('database.insertDocument', {
      collectionName: 't',
      transactionId,
      data: [q({ _id: 'c', g: 1 })],
    });
    await db.handle('database.removeDocument', {
      collectionName: 't',
      transactionId,
      queryType: 'DOC',
      query: q({ _id: 'a' }),
      multi: false,
    });
    const doc = async (id: string, inTx: boolean) =>
      list(
        await db.handle('database.getDocument', {
          collectionName: 't',
          ...(inTx ? { transactionId } : {}),
          queryType: 'DOC',
          query: q({ _id: id }),
        }),
      ).map((d) => d._id);
    expect([...(await doc('a', true)), ...(await doc('b', true)), ...(await doc('c', true))]).toEqual([
      'b',
      'c',
    ]);
    expect([...(await doc('a', false)), ...(await doc('c', false))]).toEqual(['a']);
    for (const where of [
      { action: 'database.getDocument', body: { query: q({ g: 1 }) } },
      { action: 'database.getDocument', body: { queryType: 'WHERE', query: q({ _id: 'b' }) } },
      {
        action: 'database.modifyDocument',
        body: { queryType: 'WHERE', query: q({ g: 1 }), data: q({ h: 1 }) },
      },
      { action: 'database.removeDocument', body: { queryType: 'WHERE', query: q({ g: 1 }) } },
      { action: 'database.calculateDocument', body: { query: q({ g: 1 }) } },
      {
        action: 'database.aggregateDocuments',
        body: { stages: [{ stageKey: '$match', stageValue: q({ g: 1 }) }] },
      },
      { action: 'database.modifyAndReturnDoc', body: { query: q({ _id: 'b' }), data: q({ h: 1 }) } },
    ]) {
      const r = await db.handle(where.action, { collectionName: 't', transactionId, ...where.body });
      expect(r).toMatchObject({
        code: 'INVALID_PARAM',
        message: expect.stringMatching(/not supported in a transaction/),
      });
    }
    await db.handle('database.commitTransaction', { transactionId });
    const after = await db.handle('database.getDocument', { collectionName: 't', query: q({ g: 1 }) });
    expect(
      list(after)
        .map((d) => d._id)
        .sort(),
    ).toEqual(['b', 'c']);
    db.close();
  });
});

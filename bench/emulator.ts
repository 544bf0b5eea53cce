/**
 * Local cloud benchmarks (issue 3):
 *  1. `doc().get` by id and an indexed `where` on a 50,000-document collection, through the real
 *     @cloudbase/node-sdk, against a bare HTTP echo on the same server (goal ≤ 3×);
 *  2. the same `where` with and without its index (goal: index ≥ 20× faster at 50,000 documents);
 *  3. cold start vs warm invocation of a function.
 * All compared things are measured interleaved in one run.
 */
import { createSdkApp } from '../emulator/sdk';
import { fmt, interleave, startBenchCloud, stats, time, type BenchResult } from './lib';

const N = 50_000;

export default async function run(): Promise<BenchResult> {
  const lines: string[] = [];
  const goals: BenchResult['goals'] = [];
  const bench = await startBenchCloud('emulator', {
    strictIndexes: false,
    extraCollections: [
      { name: 'bench_indexed', permission: 'ADMINONLY', indexes: [{ name: 'k_1', keys: { k: 1 } }] },
      { name: 'bench_plain', permission: 'ADMINONLY', indexes: [] },
    ],
  });
  const { cloud } = bench;
  try {
    const db = createSdkApp(cloud.url, cloud.envId).database();

    // Fill both collections with the same 50,000 documents.
    const [fillMs] = await time(async () => {
      for (const name of ['bench_indexed', 'bench_plain']) {
        for (let i = 0; i < N; i += 1000) {
          const docs = Array.from({ length: 1000 }, (_, j) => ({
            _id: `d${i + j}`,
            k: i + j,
            tag: `t${(i + j) % 100}`,
            name: `成员${i + j}`,
            pad: 'x'.repeat(64),
          }));
          await db.collection(name).add(docs);
        }
      }
    });
    lines.push(`filled 2 × ${N} documents in ${(fillMs / 1000).toFixed(1)} s`);

    const rand = () => Math.floor(Math.random() * N);
    const echoBody = JSON.stringify({
      action: 'database.getDocument',
      collectionName: 'bench_indexed',
      query: '{"k":1}',
    });
    const samples = await interleave(
      {
        echo: () =>
          fetch(`${cloud.url}/__echo`, {
            method: 'POST',
            body: echoBody,
            headers: { 'content-type': 'application/json' },
          }).then((x) => x.text()),
        getById: () => db.collection('bench_indexed').doc(`d${rand()}`).get(),
        whereIndexed: () => db.collection('bench_indexed').where({ k: rand() }).get(),
      },
      400,
    );
    const unindexed = await interleave(
      {
        whereIndexed: () => db.collection('bench_indexed').where({ k: rand() }).get(),
        whereUnindexed: () => db.collection('bench_plain').where({ k: rand() }).get(),
      },
      15,
    );
    const echo = stats(samples.echo);
    const byId = stats(samples.getById);
    const idx = stats(samples.whereIndexed);
    lines.push(fmt('HTTP echo (same server)', echo));
    lines.push(fmt('doc().get by id (SDK)', byId));
    lines.push(fmt('where indexed (SDK)', idx));
    const idx2 = stats(unindexed.whereIndexed);
    const noIdx = stats(unindexed.whereUnindexed);
    lines.push(fmt('where indexed (paired run)', idx2));
    lines.push(fmt('where unindexed (paired run)', noIdx));
    const rById = byId.p50 / echo.p50;
    const rIdx = idx.p50 / echo.p50;
    const rIndex = noIdx.p50 / idx2.p50;
    goals.push({ name: 'doc().get by id ÷ echo ≤ 3×', ok: rById <= 3, value: `${rById.toFixed(2)}× (p50)` });
    goals.push({ name: 'indexed where ÷ echo ≤ 3×', ok: rIdx <= 3, value: `${rIdx.toFixed(2)}× (p50)` });
    goals.push({
      name: 'unindexed ÷ indexed where ≥ 20×',
      ok: rIndex >= 20,
      value: `${rIndex.toFixed(1)}× (p50)`,
    });

    // Cold vs warm: the first invocation of a function loads its bundle in a fresh worker.
    const call = (openid: string) =>
      fetch(`${cloud.url}/fn/member`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openid': openid },
        body: JSON.stringify({ action: 'me' }),
      }).then((x) => x.json());
    const [coldMs] = await time(() => call('bench-cold'));
    const warm: number[] = [];
    for (let i = 0; i < 100; i++) warm.push((await time(() => call(`bench-warm-${i}`)))[0]);
    const w = stats(warm);
    lines.push(`member.me cold start            ${coldMs.toFixed(1)} ms (one fresh worker)`);
    lines.push(fmt('member.me warm', w));
    lines.push(`cold ÷ warm p50                 ${(coldMs / w.p50).toFixed(1)}×`);
    for (const s of cloud.stats()) lines.push(`pool stats ${JSON.stringify(s)}`);
  } finally {
    await bench.stop();
  }
  return { name: 'emulator', lines, goals };
}

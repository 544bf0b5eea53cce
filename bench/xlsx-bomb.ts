/**
 * S-23 (security/REVIEW.md): what an .xlsx "zip bomb" costs, measured side by side in one run.
 *  1. in this process, CPU of the old path (exceljs `load` of the whole bomb) against the new
 *     guard (`guardXlsx`, which refuses it) on the same bytes;
 *  2. on a local cloud, `member.me` latency alone and while 4 bomb imports run at once.
 */
import ExcelJS from 'exceljs';
import { createSdkApp } from '../emulator/sdk';
import { guardXlsx } from '../cloudfunctions/member/actions/xlsx-guard';
import { xlsxBomb } from '../security/xlsx-bomb';
import { fmt, startBenchCloud, stats, type BenchResult } from './lib';

const IN_PROCESS_ROWS = 1_000_000;
/** what fits the 4 MB `xlsxBase64` payload limit */
const GATEWAY_ROWS = 150_000;

const cpuMs = async (fn: () => Promise<unknown>) => {
  const c0 = process.cpuUsage();
  await fn().catch(() => undefined);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

export default async function run(): Promise<BenchResult> {
  const lines: string[] = [];
  const goals: BenchResult['goals'] = [];
  const big = xlsxBomb(IN_PROCESS_ROWS);
  const guard = await cpuMs(() => guardXlsx(big, 'f'));
  const old = await cpuMs(async () => new ExcelJS.Workbook().xlsx.load(big as unknown as ArrayBuffer));
  lines.push(
    `${IN_PROCESS_ROWS.toLocaleString()}-row bomb (${(big.length / 1024).toFixed(0)} KB): exceljs load ${old.toFixed(0)} ms CPU, guard ${guard.toFixed(1)} ms CPU — ${(old / guard).toFixed(0)}× less`,
  );
  goals.push({
    name: 'the guard refuses the bomb in < 1% of the CPU exceljs spends',
    ok: guard * 100 < old,
    value: `${guard.toFixed(1)} / ${old.toFixed(0)} ms`,
  });

  const bench = await startBenchCloud('xlsx-bomb');
  try {
    const { cloud } = bench;
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const now = Date.now();
    await db
      .collection('branches')
      .add({ _id: 'b1', name: '压测支部', college: 'x', createdAt: now, updatedAt: now });
    await db.collection('members').add({
      _id: 'sec',
      branchId: 'b1',
      name: '书记',
      staffNo: 'S1',
      phone: null,
      openid: 'o_sec',
      status: 'active',
      roles: ['member', 'secretary'],
      boundAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const call = async (event: unknown) => {
      const t = performance.now();
      const res = await fetch(`${cloud.url}/fn/member`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openid': 'o_sec' },
        body: JSON.stringify(event),
      });
      await res.text();
      return performance.now() - t;
    };
    const bomb = xlsxBomb(GATEWAY_ROWS).toString('base64');
    // warm instances for the imports and the probe, so cold starts are not measured
    for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: 6 }, () => call({ action: 'me' })));
    const alone: number[] = [];
    for (let i = 0; i < 20; i++) alone.push(await call({ action: 'me' }));
    const imports = Array.from({ length: 4 }, () =>
      call({ action: 'importRoster', payload: { branchId: 'b1', xlsxBase64: bomb } }),
    );
    const during: number[] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < 3000) during.push(await call({ action: 'me' }));
    const importMs = await Promise.all(imports);
    lines.push(fmt('member.me alone', stats(alone)));
    lines.push(fmt('member.me during 4 bomb imports', stats(during)));
    lines.push(
      `4 parallel ${GATEWAY_ROWS.toLocaleString()}-row bomb imports answered in ${importMs.map((m) => m.toFixed(0)).join(', ')} ms`,
    );
    goals.push({
      name: 'every bomb import is refused within 2 s',
      ok: importMs.every((m) => m < 2000),
      value: `${Math.max(...importMs).toFixed(0)} ms`,
    });
  } finally {
    await bench.stop();
  }
  return { name: 'xlsx-bomb', lines, goals };
}

import { useLocalCloud } from '../testing/cloud';
import { addBranch, addMember, fingerprint, helpers } from './fixtures';
import { xlsxBomb } from './xlsx-bomb';

/**
 * Regression (security/REVIEW.md S-23): an .xlsx "zip bomb" held the `member` function. exceljs
 * inflated and parsed every row of a small workbook before the 5,000-row limit was checked (the
 * probe: 918 KB, 3 million rows, 42 s of CPU; four in parallel timed out and `member.me` waited
 * 60 s). The work is now bounded before parsing: the zip directory's sizes (≤ 16 MB unpacked), the
 * real inflated bytes (a directory that lies is caught while inflating) and the row count while
 * streaming. Measured in bench/xlsx-bomb.ts.
 */
const cloud = useLocalCloud();
const t0 = Date.now();
const { call } = helpers(cloud);
const ROWS = 150_000;
// Built before any call: building blocks this process for seconds, which would let the local
// cloud close an idle keep-alive connection under a request about to reuse it.
const bomb = xlsxBomb(ROWS).toString('base64');
const liar = xlsxBomb(ROWS, { lieAboutSize: true }).toString('base64');

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  await addMember(cloud, t0, 'secA', { roles: ['member', 'secretary'] });
  // warm the member function so the timings below are of the import, not of a cold start
  await call('member', 'me', {}, 'secA');
}, 120_000);

async function timedImport(xlsxBase64: string) {
  const started = Date.now();
  const r = await call('member', 'importRoster', { branchId: 'bA', xlsxBase64 }, 'secA');
  return { r, ms: Date.now() - started };
}

it.each([
  ['a 150,000-row workbook (its directory says so)', () => bomb, /unpacks to more than|rows per import/],
  ['the same workbook whose directory claims 4 KB', () => liar, /unpacks to more than|rows per import/],
])(
  '%s is refused before it is parsed: INVALID_ARGUMENT in well under a second, nothing written',
  async (_w, payload, message) => {
    const before = await fingerprint(cloud, ['members', 'audit']);
    const { r, ms } = await timedImport(payload());
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        details: { fields: [{ path: 'payload.xlsxBase64', message: expect.stringMatching(message) }] },
      },
    });
    // exceljs alone needs ~1.5 s of CPU for these 150,000 rows on this machine; the guard a few ms
    expect(ms).toBeLessThan(1500);
    expect(await fingerprint(cloud, ['members', 'audit'])).toBe(before);
  },
  60_000,
);

it('a real roster workbook still imports', async () => {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  ws.addRow(['姓名', '工号', '手机']);
  for (let i = 0; i < 3000; i++)
    ws.addRow([`成员${i}`, `G${String(i).padStart(5, '0')}`, `139${String(i).padStart(8, '0')}`]);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const r = await call<{ created: number }>(
    'member',
    'importRoster',
    { branchId: 'bA', xlsxBase64: bytes.toString('base64') },
    'secA',
  );
  expect(r).toMatchObject({ ok: true, data: { created: 3000 } });
}, 120_000);

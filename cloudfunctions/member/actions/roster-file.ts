import Papa from 'papaparse';
import type { RawRosterRow } from '../../core/domain/member/roster';
import { invalid } from '../../core/errors';
import { guardXlsx, MAX_ROWS } from './xlsx-guard';

/**
 * Roster files: CSV text (pasted, or a .csv) and .xlsx workbooks (first sheet). The first row may
 * be a header naming the columns (姓名/name, 工号/学号/staffNo, 手机/电话/phone, any order); without
 * a recognisable header the columns are name, staffNo, phone.
 */
export { MAX_ROWS };

const HEADERS: Record<string, keyof RawRosterRow> = {
  name: 'name',
  姓名: 'name',
  staffno: 'staffNo',
  工号: 'staffNo',
  学号: 'staffNo',
  '工号/学号': 'staffNo',
  '学号/工号': 'staffNo',
  职工号: 'staffNo',
  phone: 'phone',
  手机: 'phone',
  手机号: 'phone',
  手机号码: 'phone',
  电话: 'phone',
  联系电话: 'phone',
};

function headerKey(cell: string): keyof RawRosterRow | undefined {
  return HEADERS[cell.replace(/\s+/g, '').toLowerCase()] ?? HEADERS[cell.trim()];
}

/** Turns a table (array of rows of cells) into roster rows; blank lines are dropped. */
export function tableToRows(table: string[][], field: string): RawRosterRow[] {
  const nonBlank = table.filter((r) => r.some((c) => c.trim() !== ''));
  if (nonBlank.length === 0) throw invalid(field, 'the file has no rows');
  const first = nonBlank[0].map((c) => headerKey(c));
  let columns: (keyof RawRosterRow | undefined)[];
  let body: string[][];
  if (first.includes('name') || first.includes('staffNo')) {
    if (!first.includes('name') || !first.includes('staffNo')) {
      throw invalid(field, 'the header must name both 姓名 and 工号/学号 columns');
    }
    columns = first;
    body = nonBlank.slice(1);
  } else {
    columns = ['name', 'staffNo', 'phone'];
    body = nonBlank;
  }
  if (body.length > MAX_ROWS) throw invalid(field, `at most ${MAX_ROWS} rows per import`);
  return body.map((cells) => {
    const row: RawRosterRow = {};
    columns.forEach((key, i) => {
      if (key && cells[i] !== undefined && row[key] === undefined) row[key] = cells[i];
    });
    return row;
  });
}

export function parseCsv(text: string, field = 'csv'): RawRosterRow[] {
  // A UTF-8 BOM (Excel's "CSV UTF-8") would stick to the first header.
  const clean = text.replace(/^\uFEFF/, '');
  const res = Papa.parse<string[]>(clean, { skipEmptyLines: 'greedy' });
  const fatal = res.errors.find((e) => e.type === 'Quotes');
  if (fatal) throw invalid(field, `CSV could not be read near row ${(fatal.row ?? 0) + 1}`);
  return tableToRows(
    res.data.map((r) => r.map((c) => String(c ?? ''))),
    field,
  );
}

export async function parseXlsx(bytes: Buffer, field: string): Promise<RawRosterRow[]> {
  // Loaded on first use: most imports are CSV and exceljs is the heaviest module of the bundle.
  // S-23: bound the unpacked size and the row count BEFORE exceljs inflates and parses everything.
  await guardXlsx(bytes, field);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw invalid(field, 'not a readable .xlsx workbook');
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw invalid(field, 'the workbook has no sheet');
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text ?? '';
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    table.push(cells);
  });
  return tableToRows(table, field);
}

/** .xlsx files are zip archives: they start with `PK\x03\x04`. */
export function isZip(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

export async function parseRosterFile(bytes: Buffer, field: string): Promise<RawRosterRow[]> {
  if (isZip(bytes)) return parseXlsx(bytes, field);
  return parseCsv(decodeText(bytes), field);
}

/** UTF-8, else GB18030 (a superset of GBK: what Excel on Chinese Windows writes as "CSV"). */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

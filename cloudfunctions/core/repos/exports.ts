import { EXPORT_MAX_BYTES, type TInlineFile } from '../../../types/attendance';
import { DomainError } from '../errors';
import { collection, type Transaction } from './db';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A workbook answered inline (base64) to the caller who asked — never stored, no temporary URL
 * (README "Release"). Too large for one answer → INVALID_ARGUMENT naming `fields` (narrow the range).
 */
export function inlineWorkbook(fileName: string, bytes: Buffer, fields: string[]): TInlineFile {
  if (bytes.length > EXPORT_MAX_BYTES) {
    throw new DomainError('INVALID_ARGUMENT', 'the export is too large for one answer: narrow it', {
      fields: fields.map((path) => ({ path, message: 'too much for one export' })),
    });
  }
  return { fileName, contentType: XLSX, bytes: bytes.length, contentBase64: bytes.toString('base64') };
}

/**
 * Exports (`exports`): what was exported, by whom, when. The workbook itself is answered to the
 * secretary who asked and never stored (attendance/actions/export.ts).
 */
export interface ExportDoc {
  _id: string;
  branchId: string;
  from: number;
  to: number;
  fileName: string;
  bytes: number;
  rows: number;
  createdAt: number;
  createdBy: string;
}

/** Records an export; pass the transaction so it commits with its audit entry. */
export async function insertExport(doc: ExportDoc, tx?: Transaction): Promise<void> {
  if (tx) await tx.collection('exports').add(doc);
  else await collection('exports').add(doc);
}

import { collection, type Transaction } from './db';

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

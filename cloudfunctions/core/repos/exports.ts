import { PassThrough } from 'node:stream';
import { EXPORT_MAX_BYTES, type TInlineFile } from '../../../types/attendance';
import { DomainError } from '../errors';
import { appendAudit, type AuditInput } from './audit';
import { collection, newId, runTransaction, type Transaction } from './db';

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
 * A workbook written row by row (exceljs' streaming WorkbookWriter): each row is serialised when
 * committed, not kept as a cell model to the end, so memory stays flat for a year of a large branch.
 * exceljs is loaded on first use, not at every cold start (scripts/build-functions.ts). `bytes()`
 * commits the workbook and answers the file.
 */
export async function streamingWorkbook(now: number) {
  const ExcelJS = (await import('exceljs')).default;
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = '一线支部';
  wb.created = new Date(now);
  return {
    wb,
    bytes: async (): Promise<Buffer> => {
      await wb.commit();
      return Buffer.concat(chunks);
    },
  };
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

/**
 * The end of every export action: the workbook answered inline (`inlineWorkbook`, too large →
 * INVALID_ARGUMENT naming `fields`) and — a bulk disclosure of personal data — the export record
 * and its audit entry (who, which scope and range, how many rows, the file) written together.
 */
export async function answerExport(
  ctx: { now: number; requestId: string },
  e: {
    fileName: string;
    bytes: Buffer;
    /** the input fields that narrow the export, named when it is too large */
    fields: string[];
    /** what was exported: a branch id, `team:<id>`, or `all` */
    scope: string;
    from: number;
    to: number;
    rows: number;
    actor: string;
    audit: Pick<AuditInput, 'action' | 'branchId'> & { after: Record<string, unknown> };
  },
): Promise<TInlineFile> {
  const file = inlineWorkbook(e.fileName, e.bytes, e.fields);
  const exportId = newId();
  await runTransaction(async (tx) => {
    await insertExport(
      {
        _id: exportId,
        branchId: e.scope,
        from: e.from,
        to: e.to,
        fileName: e.fileName,
        bytes: file.bytes,
        rows: e.rows,
        createdAt: ctx.now,
        createdBy: e.actor,
      },
      tx,
    );
    await appendAudit(
      {
        actor: e.actor,
        action: e.audit.action,
        targetType: 'export',
        targetId: exportId,
        branchId: e.audit.branchId,
        after: { ...e.audit.after, fileName: e.fileName },
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return file;
}

import { getApp } from '../sdk';
import { collection, type Transaction } from './db';

/** Export files (`exports`): what was exported, by whom, where the file lies in cloud storage. */
export interface ExportDoc {
  _id: string;
  branchId: string;
  from: number;
  to: number;
  fileId: string;
  cloudPath: string;
  rows: number;
  createdAt: number;
  createdBy: string;
}

/** Uploads the bytes to cloud storage and answers the file id and a temporary download URL. */
export async function uploadExportFile(
  cloudPath: string,
  bytes: Buffer,
): Promise<{ fileId: string; url: string }> {
  const app = getApp();
  const up = await app.uploadFile({ cloudPath, fileContent: bytes });
  const urls = await app.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 3600 }] });
  const url = urls.fileList?.[0]?.tempFileURL;
  if (!url) throw new Error('storage answered no download URL for the export');
  return { fileId: up.fileID, url };
}

/** Records an export; pass the transaction so it commits with its audit entry. */
export async function insertExport(doc: ExportDoc, tx?: Transaction): Promise<void> {
  if (tx) await tx.collection('exports').add(doc);
  else await collection('exports').add(doc);
}

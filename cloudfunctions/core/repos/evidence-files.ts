import { getApp } from '../sdk';
import { collection, db } from './db';

/**
 * Photos uploaded as evidence for hour reports (`evidence_files`): who uploaded which file. A report
 * may name only files its author uploaded (storage reads run with server rights, so an unchecked
 * fileId would let a member attach anyone's photo).
 */
export interface EvidenceFileDoc {
  _id: string;
  fileId: string;
  memberId: string;
  cloudPath: string;
  bytes: number;
  contentType: string;
  createdAt: number;
}

/** Stores the photo; answers its file id and a temporary URL to show it. */
export async function storeEvidence(
  cloudPath: string,
  bytes: Buffer,
): Promise<{ fileId: string; url: string }> {
  const app = getApp();
  const up = await app.uploadFile({ cloudPath, fileContent: bytes });
  const urls = await app.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 3600 }] });
  return { fileId: up.fileID, url: urls.fileList?.[0]?.tempFileURL ?? '' };
}

export async function insertEvidence(doc: EvidenceFileDoc): Promise<void> {
  await collection('evidence_files').add(doc);
}

/** The records of these files (served by `fileId_unique`). */
export async function evidenceByFileIds(fileIds: readonly string[]): Promise<EvidenceFileDoc[]> {
  if (fileIds.length === 0) return [];
  const cmd = db().command;
  const res = await collection('evidence_files')
    .where({ fileId: cmd.in([...new Set(fileIds)]) })
    .limit(100)
    .get();
  return res.data as EvidenceFileDoc[];
}

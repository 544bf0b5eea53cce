import { getApp } from '../sdk';
import { collection, db } from './db';

/**
 * Photo tickets (`project_uploads`): the server chooses where a member's progress/result photo goes
 * and records whose it is, so evidence can only name the caller's own uploads — storage reads run
 * with server rights, and a client-chosen path proves nothing.
 */
export interface UploadDoc {
  _id: string;
  fileId: string;
  cloudPath: string;
  memberId: string;
  claimId: string;
  createdAt: number;
}

/** A one-time upload place in storage (`storage.getUploadMetadata`): the PUT url and its headers. */
export async function uploadMetadata(
  cloudPath: string,
): Promise<{ fileId: string; url: string; headers: Record<string, string> }> {
  const res = (await getApp().getUploadMetadata({ cloudPath })) as {
    data: { url: string; token: string; authorization: string; fileId: string; cosFileId: string };
  };
  const d = res.data;
  return {
    fileId: d.fileId,
    url: d.url,
    headers: {
      Signature: d.authorization,
      authorization: d.authorization,
      'x-cos-security-token': d.token,
      'x-cos-meta-fileid': d.cosFileId,
      key: encodeURIComponent(cloudPath),
    },
  };
}

export async function insertUpload(doc: UploadDoc): Promise<void> {
  await collection('project_uploads').add(doc);
}

/** The tickets for these file ids (served by `fileId_unique`). */
export async function uploadsByFileIds(fileIds: readonly string[]): Promise<UploadDoc[]> {
  if (fileIds.length === 0) return [];
  const res = await collection('project_uploads')
    .where({ fileId: db().command.in([...fileIds]) })
    .limit(100)
    .get();
  return res.data as UploadDoc[];
}

/** getTempFileURL answers at most 50 files a call (CloudBase storage docs: 一次最多取 50 个). */
const URLS_PER_CALL = 50;

/**
 * Which of these files exist in storage (`storage.batchGetDownloadUrl`), with a temporary URL each;
 * 50 files a call, the calls in parallel.
 */
export async function fileUrls(fileIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(fileIds)];
  const parts: string[][] = [];
  for (let i = 0; i < unique.length; i += URLS_PER_CALL) parts.push(unique.slice(i, i + URLS_PER_CALL));
  const answers = await Promise.all(
    parts.map(
      async (fileList) =>
        (await getApp().getTempFileURL({ fileList })) as {
          fileList?: { fileID: string; tempFileURL: string; code: string }[];
        },
    ),
  );
  for (const res of answers)
    for (const f of res.fileList ?? [])
      if (f.code === 'SUCCESS' && f.tempFileURL) out.set(f.fileID, f.tempFileURL);
  return out;
}

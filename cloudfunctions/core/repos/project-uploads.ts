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

import { getApp } from '../sdk';

/** The bytes of a file in cloud storage (an uploaded roster). */
export async function downloadFile(fileId: string): Promise<Buffer> {
  const res = await getApp().downloadFile({ fileID: fileId });
  const content = (res as { fileContent?: Buffer }).fileContent;
  if (!content) throw new Error('storage answered no file content');
  return content;
}

/**
 * Removes an uploaded roster once it has been read: the rows live in the database now, and a file of
 * names and phone numbers must not stay in storage. Answers whether storage confirmed the deletion.
 */
export async function deleteUploadedFile(fileId: string): Promise<boolean> {
  try {
    const res = await getApp().deleteFile({ fileList: [fileId] });
    const item = (res as { fileList?: { code?: string }[] }).fileList?.[0];
    return item?.code === 'SUCCESS';
  } catch {
    return false;
  }
}

/** getTempFileURL answers at most 50 files a call (CloudBase storage docs: 一次最多取 50 个). */
const URLS_PER_CALL = 50;

/**
 * Which of these files exist in storage (`storage.batchGetDownloadUrl`), with a temporary URL each
 * (valid `maxAge` seconds); 50 files a call, the calls in parallel. Missing files are left out.
 */
export async function tempUrls(fileIds: readonly string[], maxAge = 3600): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(fileIds)];
  const parts: string[][] = [];
  for (let i = 0; i < unique.length; i += URLS_PER_CALL) parts.push(unique.slice(i, i + URLS_PER_CALL));
  const answers = await Promise.all(
    parts.map(
      async (ids) =>
        (await getApp().getTempFileURL({ fileList: ids.map((fileID) => ({ fileID, maxAge })) })) as {
          fileList?: { fileID: string; tempFileURL: string; code: string }[];
        },
    ),
  );
  for (const res of answers)
    for (const f of res.fileList ?? [])
      if (f.code === 'SUCCESS' && f.tempFileURL) out.set(f.fileID, f.tempFileURL);
  return out;
}

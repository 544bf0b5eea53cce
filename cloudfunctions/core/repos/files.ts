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

import { getApp } from '../sdk';

/** The bytes of a file in cloud storage (an uploaded roster). */
export async function downloadFile(fileId: string): Promise<Buffer> {
  const res = await getApp().downloadFile({ fileID: fileId });
  const content = (res as { fileContent?: Buffer }).fileContent;
  if (!content) throw new Error('storage answered no file content');
  return content;
}

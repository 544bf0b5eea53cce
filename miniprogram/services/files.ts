import Taro from '@tarojs/taro';
import type { TInlineFile } from '@contract/attendance';
import { writeUserFile } from './device';

/**
 * Picking and uploading files, in one place: the weapp picks from a chat (`chooseMessageFile`) and
 * uploads to cloud storage (the function reads it by fileId); the H5 build has no cloud-storage
 * upload, so it reads the file in the browser and sends its content.
 */

/** What a picked spreadsheet becomes in an API payload. */
export type SheetPayload = { csv: string } | { xlsxBase64: string } | { fileId: string };

export interface PickedSheet {
  name: string;
  size: number;
  payload: SheetPayload;
}

/**
 * A .csv or .xlsx chosen by the user, ready to send: weapp uploads it under `cloudDir/` and answers
 * its fileId; H5 answers its content (CSV decoded as UTF-8, else GB18030 as Excel writes it; .xlsx as
 * base64). Null when the user cancelled.
 */
export function pickSpreadsheet(cloudDir: string): Promise<PickedSheet | null> {
  return process.env.TARO_ENV === 'h5' ? pickInBrowser() : pickInWeapp(cloudDir);
}

/** `12.3 KB` */
export function formatSize(n: number): string {
  return n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

async function pickInWeapp(cloudDir: string): Promise<PickedSheet | null> {
  let file: { path: string; name: string; size: number };
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'xlsx'] });
    file = res.tempFiles[0];
  } catch {
    return null; // cancelled
  }
  if (!file) return null;
  const ext = file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
  const fileId = await uploadToCloud(`${cloudDir}/${Date.now()}.${ext}`, file.path);
  return { name: file.name, size: file.size, payload: { fileId } };
}

/** weapp: a local temp file into cloud storage; answers its fileId. */
export async function uploadToCloud(cloudPath: string, filePath: string): Promise<string> {
  const up = await Taro.cloud.uploadFile({ cloudPath, filePath });
  return up.fileID;
}

function pickInBrowser(): Promise<PickedSheet | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    input.style.display = 'none';
    input.onchange = () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) return resolve(null);
      file
        .arrayBuffer()
        .then((buf) => {
          const bytes = new Uint8Array(buf);
          const isXlsx = bytes[0] === 0x50 && bytes[1] === 0x4b;
          if (isXlsx)
            return resolve({ name: file.name, size: file.size, payload: { xlsxBase64: toBase64(bytes) } });
          let csv: string;
          try {
            csv = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          } catch {
            csv = new TextDecoder('gb18030').decode(bytes);
          }
          resolve({ name: file.name, size: file.size, payload: { csv } });
        })
        .catch(reject);
    };
    document.body.appendChild(input);
    input.click();
  });
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A photo the user chose: a local path (weapp temp file, H5 blob: URL), its extension, H5 its blob. */
export type PickedImage = { path: string; ext: 'jpg' | 'png' | 'webp' | 'jpeg'; blob?: Blob };

function extOf(name: string): PickedImage['ext'] {
  const m = /\.(jpe?g|png|webp)$/i.exec(name);
  return (m ? m[1].toLowerCase() : 'jpg') as PickedImage['ext'];
}

/** Up to `max` photos from the album or camera (weapp `chooseMedia`, H5 a file input); [] when cancelled. */
export function pickImages(max: number): Promise<PickedImage[]> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = 'image/*';
      input.multiple = max > 1;
      input.style.display = 'none';
      input.onchange = () => {
        const list = Array.from(input.files ?? []).slice(0, max);
        input.remove();
        resolve(list.map((f) => ({ path: URL.createObjectURL(f), ext: extOf(f.name), blob: f })));
      };
      document.body.appendChild(input);
      input.click();
    });
  }
  return Taro.chooseMedia({ count: max, mediaType: ['image'], sizeType: ['compressed'] }).then(
    (r) => r.tempFiles.map((f) => ({ path: f.tempFilePath, ext: extOf(f.tempFilePath) })),
    () => [],
  );
}

/** A picked file's content as base64: weapp reads the temp file; H5 fetches the blob URL. */
export async function readAsBase64(path: string): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    return Taro.getFileSystemManager().readFileSync(path, 'base64') as string;
  }
  const blob = await (await fetch(path)).blob();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error('read failed'));
    r.readAsDataURL(blob);
  });
}

/**
 * Hands a workbook a function answered inline (`TInlineFile`: never stored, so there is no storage
 * URL to download from) to the person. weapp: written to the user folder and opened in WeChat's
 * document viewer (forward or save from there); answers null. H5: answers a `data:` URL for
 * `download()` — a browser download must come from a tap, so the page offers a button.
 */
export async function openWorkbook(file: TInlineFile): Promise<string | null> {
  if (process.env.TARO_ENV === 'h5') return `data:${file.contentType};base64,${file.contentBase64}`;
  const filePath = await writeUserFile(file.fileName, file.contentBase64);
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
  return null;
}

/** H5: saves `url` (a `data:`/`blob:` URL) as `fileName` through the browser's download. */
export function download(url: string, fileName: string): void {
  if (typeof document === 'undefined') return;
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
}

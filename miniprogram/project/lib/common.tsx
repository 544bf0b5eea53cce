import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import type { ClaimStatus, TaskState } from '@contract/enums';
import { CLAIM_STATUS_LABELS, TASK_STATE_LABELS } from '@contract/labels';
import type { BadgeTone } from '@/components';
import { callApi, errorText } from '@/services/api';
import { useSessionStore } from '@/stores/session';
import { shanghai } from '@/utils/time';

/**
 * Shared by the pages of the `project` subpackage (行动项目 / 设岗定责; docs/projects.md).
 */
export type Load<T> =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** Loads on mount and whenever the page shows again (after a form or a decision elsewhere). */
export function useLoad<T>(fetch: (() => Promise<T>) | null, deps: unknown[]): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const key = JSON.stringify(deps);
  const run = useCallback(() => {
    const f = fetchRef.current;
    if (!f) return;
    setLoad((l) => (l.state === 'ready' ? l : { state: 'loading' }));
    f()
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
    // re-run when the caller's deps change; `fetch` itself is read through the ref
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  useEffect(run, [run]);
  useDidShow(run);
  return [load, run];
}

/** The session (who am I, my roles), loaded if the page was opened directly (a link, a message). */
export function useSession() {
  const session = useSessionStore();
  const { loaded, refresh } = session;
  useEffect(() => {
    if (!loaded) void refresh();
  }, [loaded, refresh]);
  return session;
}

export const TASK_TONES: Record<TaskState, BadgeTone> = {
  open: 'primary',
  in_progress: 'primary',
  full: 'default',
  in_review: 'warning',
  done: 'success',
  overdue: 'danger',
};

export const CLAIM_TONES: Record<ClaimStatus, BadgeTone> = {
  pending: 'warning',
  active: 'primary',
  in_review: 'warning',
  done: 'success',
  released: 'default',
  auto_released: 'danger',
  rejected: 'default',
};

export const taskLabel = (s: TaskState) => TASK_STATE_LABELS[s];
export const claimLabel = (s: ClaimStatus) => CLAIM_STATUS_LABELS[s];

/** `12月17日 周四` */
export const day = (ms: number) => shanghai(ms).format('M月D日 ddd');
/** `12月17日 14:30` */
export const dayTime = (ms: number) => shanghai(ms).format('M月D日 HH:mm');

/** A date picker's `YYYY-MM-DD` as the end of that day in Asia/Shanghai (a due date includes the day). */
export function endOfDay(date: string): number {
  return Date.parse(`${date}T23:59:59.999+08:00`);
}
export const dateInput = (ms: number) => shanghai(ms).format('YYYY-MM-DD');

/** Days left until `ms` (negative when past), for "还剩 3 天". */
export function daysLeft(ms: number, now = Date.now()): number {
  return Math.ceil((ms - now) / 86_400_000);
}

export function dueText(ms: number, now = Date.now()): string {
  const d = daysLeft(ms, now);
  if (d < 0) return `已逾期 ${-d} 天（${day(ms)}截止）`;
  if (d === 0) return `今天截止`;
  return `${day(ms)}截止 · 还剩 ${d} 天`;
}

export interface Photo {
  fileId: string;
  /** a local preview (blob: or temp path) */
  preview: string;
}

/**
 * Picks photos and uploads each through a ticket of the claim (`project.photoTicket`): the server
 * chooses the place and records it as the caller's, so only these can be evidence. weapp:
 * `chooseMedia` + `cloud.uploadFile`; H5: a file input + the ticket's PUT.
 */
export async function pickAndUpload(
  claimId: string,
  max: number,
  onProgress: (n: number) => void,
): Promise<Photo[]> {
  const files = await choose(max);
  const out: Photo[] = [];
  for (const f of files) {
    const ext = f.ext;
    const t = await callApi('project', 'photoTicket', { claimId, ext });
    if (process.env.TARO_ENV === 'h5') {
      const res = await fetch(t.upload.url, {
        method: 'PUT',
        headers: t.upload.headers,
        body: f.blob as Blob,
      });
      if (!res.ok) throw new Error(`照片上传失败（${res.status}）`);
    } else {
      await Taro.cloud.uploadFile({ cloudPath: t.cloudPath, filePath: f.path });
    }
    out.push({ fileId: t.fileId, preview: f.path });
    onProgress(out.length);
  }
  return out;
}

type Picked = { path: string; ext: 'jpg' | 'png' | 'webp' | 'jpeg'; blob?: Blob };

function extOf(name: string): Picked['ext'] {
  const m = /\.(jpe?g|png|webp)$/i.exec(name);
  return (m ? m[1].toLowerCase() : 'jpg') as Picked['ext'];
}

function choose(max: number): Promise<Picked[]> {
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

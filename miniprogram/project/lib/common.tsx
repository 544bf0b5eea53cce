import { useState, type ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useLoad } from '@/hooks/useLoad';
import type { Msg } from '@/hooks/useAction';
import type { ClaimStatus, TaskState } from '@contract/enums';
import { CLAIM_STATUS_LABELS, TASK_STATE_LABELS } from '@contract/labels';
import { Button, Loaded, TextField, type BadgeTone, type LoadedProps } from '@/components';
import { callApi } from '@/services/api';
import { pickImages } from '@/services/files';
import { shanghai } from '@/utils/time';

/* Shared by the pages of the `project` subpackage (行动项目 / 设岗定责; docs/projects.md). */

/**
 * A project screen that is one fetch (a board, a task, a claim, a queue): fetched again quietly every
 * time the page shows (after a form or a decision elsewhere), drawn by `children` through `<Loaded>`.
 * `children` gets a quiet `reload` for after an action, so the screen keeps its messages meanwhile.
 */
export function Screen<T>({
  className,
  fetch,
  deps,
  children,
  ...states
}: Omit<LoadedProps<T>, 'load' | 'onRetry' | 'children'> & {
  className: string;
  fetch: () => Promise<T>;
  deps: unknown[];
  children: (data: T, reload: () => void) => ReactNode;
}) {
  const l = useLoad(fetch, deps, { when: 'show' });
  const reload = () => void l.reload({ quiet: true });
  return (
    <View className={`page ${className}`}>
      <Loaded load={l.load} onRetry={reload} {...states}>
        {(data) => children(data, reload)}
      </Loaded>
    </View>
  );
}

/** `useAction`'s `msg`: the outcome of the last action, green or red, read out to screen readers. */
export function Result({ msg }: { msg: Msg | null }) {
  return msg ? (
    <View className={`prj-result ${msg.ok ? 'prj-result--ok' : 'prj-result--bad'}`} role="status">
      <Text>{msg.text}</Text>
    </View>
  ) : null;
}

/** A project's completion: the bar and the counts under it (list cards and the board). */
export function Completion({
  p,
}: {
  p: { completion: number; tasks: number; done: number; open: number; overdue: number };
}) {
  const pct = Math.round(p.completion * 100);
  return (
    <>
      <View className="prj-progress" aria-label={`完成 ${pct}%`}>
        <View className="prj-progress__bar" style={{ width: `${pct}%` }} />
      </View>
      <Text className="prj-card__counts">
        {p.tasks} 个任务 · 已完成 {p.done} · 进行中 {p.open}
        {p.overdue ? ` · 逾期 ${p.overdue}` : ''} · 完成率 {pct}%
      </Text>
    </>
  );
}

/**
 * A step that asks for a reason before an action (ending a project, releasing a post): the `openText`
 * button opens it; then the reason, 取消, and `confirmText`. `onConfirm` answers whether the action
 * succeeded; when it did, the step closes and the reason empties.
 */
export function ReasonConfirm(p: {
  openText: string;
  label: string;
  placeholder: string;
  confirmText: string;
  busy: boolean;
  onConfirm: (reason: string) => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open)
    return (
      <Button block type="plain" onClick={() => setOpen(true)}>
        {p.openText}
      </Button>
    );
  const confirm = async () => {
    if (!(await p.onConfirm(reason.trim()))) return;
    setOpen(false);
    setReason('');
  };
  return (
    <View>
      <TextField
        label={p.label}
        maxlength={200}
        placeholder={p.placeholder}
        value={reason}
        onChange={setReason}
      />
      <View className="form__actions">
        <Button type="secondary" onClick={() => setOpen(false)}>
          取消
        </Button>
        <Button loading={p.busy} disabled={p.busy} onClick={() => void confirm()}>
          {p.confirmText}
        </Button>
      </View>
    </View>
  );
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
  const files = await pickImages(max);
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

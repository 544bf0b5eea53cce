import Taro from '@tarojs/taro';
import type { TCheckInInput, TCheckInOutput } from '@contract/checkin';
import { callApi, isApiError } from '@/services/api';

/**
 * The offline scan queue (docs/checkin.md "Offline scans"): a scan that cannot reach the server is
 * kept in local storage with its scan time and the same nonce, and uploaded when the network is
 * back — the server judges it at the scan time and a retried upload counts once (nonce).
 */
const QUEUE_KEY = 'checkin.queue';
const DEVICE_KEY = 'checkin.deviceId';

export interface QueuedScan {
  code: string;
  nonce: string;
  scannedAt: number;
  deviceId?: string;
  location?: TCheckInInput['location'];
  wifiBssid?: string;
}

export type UploadOutcome =
  | { scan: QueuedScan; ok: true; data: TCheckInOutput }
  | { scan: QueuedScan; ok: false; code: string; reason?: string };

function randomId(n: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

/** A fresh nonce per scan (the server keeps the first answer per member and nonce). */
export function newNonce(): string {
  return `${Date.now().toString(36)}-${randomId(16)}`;
}

/**
 * A random id for this install: evidence for the `device_shared` flag, never an identity — H5 only.
 * In the mini-program storage is kept per WeChat account, so two accounts on one phone get two ids
 * and one account is one member: the id could never show a shared phone, and nothing a mini-program
 * can read is both the same across accounts and different between phones (docs/checkin.md,
 * "device_shared"). The mini-program therefore sends none.
 */
export function deviceId(): string | null {
  if (process.env.TARO_ENV === 'weapp') return null;
  try {
    const v: unknown = Taro.getStorageSync(DEVICE_KEY);
    if (typeof v === 'string' && v) return v;
  } catch {
    // storage unavailable: a per-launch id still works
  }
  const id = `d-${randomId(20)}`;
  try {
    Taro.setStorageSync(DEVICE_KEY, id);
  } catch {
    // ignore
  }
  return id;
}

export function queuedScans(): QueuedScan[] {
  try {
    const v: unknown = Taro.getStorageSync(QUEUE_KEY);
    return Array.isArray(v) ? (v as QueuedScan[]) : [];
  } catch {
    return [];
  }
}

function save(list: QueuedScan[]): void {
  Taro.setStorageSync(QUEUE_KEY, list);
}

export function enqueue(scan: QueuedScan): void {
  const list = queuedScans().filter((s) => s.nonce !== scan.nonce);
  list.push(scan);
  save(list);
}

export function isNetworkError(e: unknown): boolean {
  return isApiError(e) && e.code === 'NETWORK';
}

let flushing: Promise<UploadOutcome[]> | null = null;

/**
 * Uploads queued scans oldest first; stops at the first network failure (the rest wait). A scan the
 * server answered — accepted or refused — leaves the queue.
 */
export function flushQueue(): Promise<UploadOutcome[]> {
  if (flushing) return flushing;
  flushing = (async () => {
    const outcomes: UploadOutcome[] = [];
    for (const scan of queuedScans()) {
      try {
        const data = await callApi('checkin', 'checkIn', {
          code: scan.code,
          nonce: scan.nonce,
          scannedAt: scan.scannedAt,
          ...(scan.deviceId ? { deviceId: scan.deviceId } : {}),
          ...(scan.location ? { location: scan.location } : {}),
          ...(scan.wifiBssid ? { wifiBssid: scan.wifiBssid } : {}),
        });
        outcomes.push({ scan, ok: true, data });
      } catch (e) {
        if (isNetworkError(e)) break;
        const reason = isApiError(e) ? (e.details?.reason as string | undefined) : undefined;
        outcomes.push({ scan, ok: false, code: isApiError(e) ? e.code : 'INTERNAL', reason });
      }
      save(queuedScans().filter((s) => s.nonce !== scan.nonce));
    }
    return outcomes;
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

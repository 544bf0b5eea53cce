/**
 * The offline scan queue: a scan that cannot reach the server waits in local storage with its scan
 * time and nonce, and is uploaded (with `scannedAt`) when the network is back. `@tarojs/taro` is a
 * stand-in with a Map for storage; `callApi` is replaced by a scripted transport.
 */
const mockStorage = new Map<string, unknown>();
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    getStorageSync: (k: string) => mockStorage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => mockStorage.set(k, v),
  },
}));
const mockCalls: { fn: string; action: string; payload: unknown }[] = [];
let mockAnswer: (payload: { nonce: string }) => Promise<unknown> = async () => ({});
jest.mock('@/services/api', () => {
  const actual = jest.requireActual('@/services/api');
  return {
    ...actual,
    callApi: (fn: string, action: string, payload: { nonce: string }) => {
      mockCalls.push({ fn, action, payload });
      return mockAnswer(payload);
    },
  };
});

import { ApiError } from '@/services/api';
import { deviceId, enqueue, flushQueue, newNonce, queuedScans } from './queue';

const scan = (n: string, scannedAt: number) => ({
  code: `r1.act1.${n}.AAAAAAAAAAAA`,
  nonce: `nonce-${n}-xxxx`,
  scannedAt,
  deviceId: 'd-1',
});

afterEach(() => {
  mockStorage.clear();
  mockCalls.length = 0;
});

describe('offline queue', () => {
  it('keeps scans while the network is down and sends nothing twice', async () => {
    enqueue(scan('a', 1000));
    enqueue(scan('a', 1000)); // the same nonce queued again stays one entry
    enqueue(scan('b', 2000));
    mockAnswer = async () => {
      throw new ApiError('NETWORK');
    };
    expect(await flushQueue()).toEqual([]);
    expect(queuedScans().map((s) => s.nonce)).toEqual(['nonce-a-xxxx', 'nonce-b-xxxx']);
    expect(mockCalls).toHaveLength(1); // stops at the first network failure
  });

  it('uploads oldest first with the scan time and nonce once the network is back', async () => {
    enqueue(scan('a', 1000));
    enqueue(scan('b', 2000));
    mockAnswer = async (p) => ({
      checkinId: `x:${p.nonce}`,
      activityId: 'act1',
      status: 'approved',
      flags: [],
      duplicate: false,
    });
    const out = await flushQueue();
    expect(out.map((o) => o.ok)).toEqual([true, true]);
    expect(mockCalls.map((c) => c.payload)).toEqual([
      { code: 'r1.act1.a.AAAAAAAAAAAA', nonce: 'nonce-a-xxxx', scannedAt: 1000, deviceId: 'd-1' },
      { code: 'r1.act1.b.AAAAAAAAAAAA', nonce: 'nonce-b-xxxx', scannedAt: 2000, deviceId: 'd-1' },
    ]);
    expect(mockCalls.every((c) => c.fn === 'checkin' && c.action === 'checkIn')).toBe(true);
    expect(queuedScans()).toEqual([]);
  });

  it('drops a scan the server refused, reporting the code and reason', async () => {
    enqueue(scan('a', 1000));
    mockAnswer = async () => {
      throw new ApiError('CODE_EXPIRED', { details: { reason: 'expired' } });
    };
    expect(await flushQueue()).toEqual([
      { scan: scan('a', 1000), ok: false, code: 'CODE_EXPIRED', reason: 'expired' },
    ]);
    expect(queuedScans()).toEqual([]);
  });

  it('gives every scan its own nonce and the install one device id', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(newNonce()).not.toBe(a);
    expect(deviceId()).toBe(deviceId());
  });
});

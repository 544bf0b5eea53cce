/**
 * Asking for reminders: the weapp path (requestSubscribeMessage with the server's template ids,
 * always-reject from getSetting, 20004) and the H5 stand-in sheet. `@tarojs/taro` is a stand-in
 * (TOOLCHAIN pitfall 10); the transport answers like the reminder function.
 */
const mockStorage = new Map<string, unknown>();
const mockTaro = {
  cloud: { init: jest.fn(), callFunction: jest.fn() },
  requestSubscribeMessage: jest.fn(),
  getSetting: jest.fn(),
  openSetting: jest.fn(),
  getStorageSync: (k: string) => mockStorage.get(k) ?? '',
  setStorageSync: (k: string, v: unknown) => mockStorage.set(k, v),
  removeStorageSync: (k: string) => mockStorage.delete(k),
};
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  get default() {
    return mockTaro;
  },
}));

import { askFromTap, isBlocked, openSubscribeSettings, prepare, useSubscribeSheet } from './subscribe';
import { setLocalOpenid } from './identity';

(globalThis as { CLOUD_ENV?: string }).CLOUD_ENV = '';

const TEMPLATES = [
  { key: 'meetingReminder', id: 'tpl-r', title: '会议提醒' },
  { key: 'meetingCancelled', id: 'tpl-c', title: '会议取消通知' },
];
const subscribed: string[][] = [];

function server(event: { action: string; payload?: { accepted?: string[] } }) {
  if (event.action === 'templates') return { ok: true, data: { templates: TEMPLATES } };
  if (event.action === 'subscribe') {
    subscribed.push(event.payload?.accepted ?? []);
    return { ok: true, data: { credits: { meetingReminder: 1 } } };
  }
  return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'unknown' } };
}

beforeEach(() => {
  subscribed.length = 0;
  mockStorage.clear();
  jest.clearAllMocks();
  mockTaro.cloud.callFunction.mockImplementation(async ({ data }: { data: { action: string } }) => ({
    result: server(data),
  }));
  mockTaro.getSetting.mockResolvedValue({ subscriptionsSetting: { mainSwitch: true } });
});

describe('isBlocked', () => {
  it('is blocked when subscriptions are off, or every asked template is always-rejected', () => {
    expect(isBlocked({ mainSwitch: false }, ['a'])).toBe(true);
    expect(isBlocked({ mainSwitch: true, itemSettings: { a: 'reject', b: 'reject' } }, ['a', 'b'])).toBe(
      true,
    );
    expect(isBlocked({ mainSwitch: true, itemSettings: { a: 'reject', b: 'accept' } }, ['a', 'b'])).toBe(
      false,
    );
    expect(isBlocked({ mainSwitch: true, itemSettings: { a: 'reject' } }, ['a', 'b'])).toBe(false);
    expect(isBlocked(undefined, ['a'])).toBe(false);
  });
});

describe('weapp', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });

  it('prompts with the server’s template ids and reports only the accepted keys', async () => {
    mockTaro.requestSubscribeMessage.mockImplementation(
      ({ success }: { success: (r: Record<string, string>) => void }) =>
        success({ errMsg: 'requestSubscribeMessage:ok', 'tpl-r': 'accept', 'tpl-c': 'reject' }),
    );
    const prepared = await prepare();
    expect(prepared.blocked).toBe(false);
    const out = await askFromTap(prepared);
    expect(mockTaro.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tpl-r', 'tpl-c']);
    expect(out).toEqual({ kind: 'accepted', accepted: ['meetingReminder'], credits: { meetingReminder: 1 } });
    expect(subscribed).toEqual([['meetingReminder']]);
  });

  it('reports nothing when everything was rejected', async () => {
    mockTaro.requestSubscribeMessage.mockImplementation(
      ({ success }: { success: (r: Record<string, string>) => void }) =>
        success({ 'tpl-r': 'reject', 'tpl-c': 'reject' }),
    );
    expect(await askFromTap(await prepare())).toEqual({ kind: 'rejected' });
    expect(subscribed).toEqual([]);
  });

  it('does not prompt when the user always rejects: points to the settings instead', async () => {
    mockTaro.getSetting.mockResolvedValue({
      subscriptionsSetting: { mainSwitch: true, itemSettings: { 'tpl-r': 'reject', 'tpl-c': 'reject' } },
    });
    const prepared = await prepare();
    expect(prepared.blocked).toBe(true);
    expect(await askFromTap(prepared)).toEqual({ kind: 'blocked' });
    expect(mockTaro.requestSubscribeMessage).not.toHaveBeenCalled();
    await openSubscribeSettings();
    expect(mockTaro.openSetting).toHaveBeenCalledWith({ withSubscriptions: true });
  });

  it('treats 20004 (subscriptions switched off) as blocked', async () => {
    mockTaro.requestSubscribeMessage.mockImplementation(({ fail }: { fail: (e: unknown) => void }) =>
      fail({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail' }),
    );
    expect(await askFromTap(await prepare())).toEqual({ kind: 'blocked' });
    expect(subscribed).toEqual([]);
  });
});

describe('H5 stand-in (模拟订阅授权)', () => {
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    process.env.TARO_ENV = 'h5';
    setLocalOpenid('o_a');
    globalThis.fetch = (async (_url: string, init: RequestInit) =>
      new Response(JSON.stringify(server(JSON.parse(String(init.body)))), {
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('opens the local sheet and reports what was allowed there', async () => {
    const asking = askFromTap(await prepare());
    const req = useSubscribeSheet.getState().request;
    expect(req?.templates.map((t) => t.key)).toEqual(['meetingReminder', 'meetingCancelled']);
    req!.resolve({ accepted: ['meetingReminder', 'meetingCancelled'], always: false });
    expect(await asking).toMatchObject({ kind: 'accepted' });
    expect(subscribed).toEqual([['meetingReminder', 'meetingCancelled']]);
    expect(useSubscribeSheet.getState().request).toBeNull();
    expect(mockTaro.requestSubscribeMessage).not.toHaveBeenCalled();
  });

  it('remembers "always keep this choice" + reject as blocked until the (simulated) settings undo it', async () => {
    const asking = askFromTap(await prepare());
    useSubscribeSheet.getState().request!.resolve({ accepted: [], always: true });
    expect(await asking).toEqual({ kind: 'rejected' });
    expect((await prepare()).blocked).toBe(true);
    await openSubscribeSettings();
    expect((await prepare()).blocked).toBe(false);
  });
});

describe('a template WeChat banned (ban) is not the user’s choice', () => {
  it('isBlocked ignores ban; isBanned says every asked template is banned', async () => {
    const { isBanned } = await import('./subscribe');
    expect(isBlocked({ mainSwitch: true, itemSettings: { a: 'ban', b: 'ban' } }, ['a', 'b'])).toBe(false);
    expect(isBlocked({ mainSwitch: true, itemSettings: { a: 'ban', b: 'reject' } }, ['a', 'b'])).toBe(true);
    expect(isBanned({ mainSwitch: true, itemSettings: { a: 'ban', b: 'ban' } }, ['a', 'b'])).toBe(true);
    expect(isBanned({ mainSwitch: true, itemSettings: { a: 'ban', b: 'accept' } }, ['a', 'b'])).toBe(false);
  });
});

/**
 * The API client: transport choice, envelope unwrapping, typed Chinese errors.
 * `@tarojs/taro` is replaced by a small stand-in (TOOLCHAIN pitfall 10); the H5 path uses a
 * fake `fetch` that answers like the local cloud's `/fn/<name>`.
 */
const mockStorage = new Map<string, unknown>();
const mockCloud = { init: jest.fn(), callFunction: jest.fn() };
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    get cloud() {
      return mockCloud;
    },
    getStorageSync: (k: string) => mockStorage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => mockStorage.set(k, v),
    removeStorageSync: (k: string) => mockStorage.delete(k),
  },
}));

import { ApiError, callApi, errorText, invalidFields } from './api';
import { setLocalOpenid } from './identity';

(globalThis as { CLOUD_ENV?: string }).CLOUD_ENV = '';
const realFetch = globalThis.fetch;

type FetchCall = { url: string; init: RequestInit };
function fakeFetch(answer: (call: FetchCall) => Response | Promise<Response>) {
  const calls: FetchCall[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return answer(call);
  }) as typeof fetch;
  return calls;
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  globalThis.fetch = realFetch;
  mockStorage.clear();
  jest.clearAllMocks();
});

describe('callApi in H5', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'h5';
  });

  it('POSTs the event to /fn/<name> with the local identity and returns data', async () => {
    setLocalOpenid('o_demo_1');
    const calls = fakeFetch(() => json({ ok: true, data: { openid: 'o_demo_1', member: null } }));
    const data = await callApi('member', 'me');
    expect(data).toEqual({ openid: 'o_demo_1', member: null });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/fn/member');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.headers).toEqual({ 'content-type': 'application/json', 'x-openid': 'o_demo_1' });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ action: 'me' });
  });

  it('sends the payload when there is one', async () => {
    const calls = fakeFetch(() => json({ ok: true, data: { memberId: 'm1', status: 'pending' } }));
    await callApi('member', 'bind', { name: '张三', staffNo: '2020001' });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      action: 'bind',
      payload: { name: '张三', staffNo: '2020001' },
    });
    expect(calls[0].init.headers).not.toHaveProperty('x-openid');
  });

  it('throws ApiError with the code, the Chinese message and the details of an error envelope', async () => {
    fakeFetch(() =>
      json({
        ok: false,
        error: {
          code: 'INVALID_ARGUMENT',
          message: 'bad',
          details: { fields: [{ path: 'staffNo', message: 'required' }] },
        },
      }),
    );
    const err = await callApi('member', 'bind', { name: '张三', staffNo: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: '填写的信息有误，请检查后重试',
      serverMessage: 'bad',
      details: { fields: [{ path: 'staffNo', message: 'required' }] },
    });
  });

  it('maps a refused connection to the client-side NETWORK error', async () => {
    fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const err = await callApi('member', 'me').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NETWORK', message: '网络连接失败，请检查网络后重试' });
    expect(errorText(err)).toBe('网络连接失败，请检查网络后重试');
  });

  it('maps a gateway error page (not JSON) to NETWORK and a 200 non-envelope to BAD_RESPONSE', async () => {
    fakeFetch(() => new Response('<html>502</html>', { status: 502 }));
    await expect(callApi('member', 'me')).rejects.toMatchObject({ code: 'NETWORK' });
    fakeFetch(() => json({ hello: 'world' }));
    await expect(callApi('member', 'me')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('callApi in weapp', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });

  it('calls Taro.mockCloud.callFunction with { name, data: { action, payload } } after init', async () => {
    mockCloud.callFunction.mockResolvedValue({
      errMsg: 'mockCloud.callFunction:ok',
      result: { ok: true, data: [] },
    });
    const data = await callApi('activity', 'listMine', { from: 1, to: 2 });
    expect(data).toEqual([]);
    expect(mockCloud.init).toHaveBeenCalledTimes(1);
    expect(mockCloud.callFunction).toHaveBeenCalledWith({
      name: 'activity',
      data: { action: 'listMine', payload: { from: 1, to: 2 } },
    });
  });

  it('maps a rejected callFunction (no network) to NETWORK', async () => {
    mockCloud.callFunction.mockRejectedValue({ errMsg: 'mockCloud.callFunction:fail request:fail timeout' });
    await expect(callApi('member', 'me')).rejects.toMatchObject({
      code: 'NETWORK',
      serverMessage: 'mockCloud.callFunction:fail request:fail timeout',
    });
  });

  it('passes a server error code through', async () => {
    mockCloud.callFunction.mockResolvedValue({
      result: { ok: false, error: { code: 'FORBIDDEN', message: 'no' } },
    });
    await expect(callApi('member', 'listMembers', { branchId: 'b1' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: '你没有权限进行此操作',
    });
  });
});

describe('invalidFields', () => {
  it('names the top-level payload fields of an INVALID_ARGUMENT answer, nothing for other errors', () => {
    const bad = new ApiError('INVALID_ARGUMENT', {
      details: {
        fields: [
          { path: 'payload.title', message: 'Required' },
          { path: 'payload.rows.3.phone', message: 'Invalid' },
        ],
      },
    });
    expect(invalidFields(bad)).toEqual({ title: '格式不正确', rows: '格式不正确' });
    expect(invalidFields(bad, '请检查')).toEqual({ title: '请检查', rows: '请检查' });
    expect(invalidFields(new ApiError('FORBIDDEN'))).toEqual({});
    expect(invalidFields(new Error('x'))).toEqual({});
  });
});

/**
 * Contract suite for the local cloud runtime, driven through the real @cloudbase/node-sdk and the
 * real wx-server-sdk (in this process and inside the fixture functions, emulator/fixtures/functions).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely shaped JSON checked field by field */
import path from 'node:path';
import QRCode from 'qrcode';
import { useLocalCloud } from '../testing/cloud';
import { qrTextFor } from './openapi';

// pngjs comes with qrcode (its PNG writer); no types installed

const { PNG } = require('pngjs') as {
  PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } };
};

// wx-server-sdk has no types here

const wxCloud = require('wx-server-sdk') as {
  init(o: { env: string }): void;
  callFunction(o: { name: string; data: unknown }): Promise<{ result: unknown }>;
  getWXContext(): Record<string, unknown>;
};

const cloud = useLocalCloud({
  functionsDir: path.join(__dirname, 'fixtures', 'functions'),
  env: { APP_GREETING: 'hello from APP_', APP_ADMIN_OPENIDS: 'o_boot_admin' },
});

interface Who {
  openid: string | null;
  openidBeforeDelay: string | null;
  appid: string | null;
  env: string | null;
  source: string | null;
  nodeSdkOpenId: string | null;
  greeting: string | null;
  requestId: string;
  event: unknown;
}

async function post(p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${cloud.url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('functions: POST /fn/<name>', () => {
  test('runs the function with the caller from x-openid, the event as body and APP_* variables', async () => {
    const r = (await cloud.call('whoami', { action: 'x', payload: { n: 1 } }, 'o_alice')) as unknown as Who;
    expect(r.openid).toBe('o_alice');
    expect(r.nodeSdkOpenId).toBe('o_alice'); // node-sdk auth().getUserInfo() sees the same caller
    expect(r.appid).toBe(cloud.cloud.appid);
    expect(r.env).toBe(cloud.cloud.envId);
    expect(r.greeting).toBe('hello from APP_');
    expect(r.event).toEqual({ action: 'x', payload: { n: 1 } });
    expect(r.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  test('without x-openid the function sees no OPENID', async () => {
    const r = (await cloud.call('whoami', {})) as unknown as Who;
    expect(r.openid).toBeNull();
    expect(r.nodeSdkOpenId).toBeNull();
  });

  test('identity is isolated across concurrent invocations sharing warm workers', async () => {
    const n = 16;
    const calls = Array.from({ length: n }, (_, i) =>
      cloud.call('whoami', { delayMs: 20 + ((i * 37) % 90), i }, `o_user_${i}`),
    );
    const results = (await Promise.all(calls)) as unknown as Who[];
    results.forEach((r, i) => {
      expect(r.openid).toBe(`o_user_${i}`);
      expect(r.openidBeforeDelay).toBe(`o_user_${i}`);
      expect(r.nodeSdkOpenId).toBe(`o_user_${i}`);
      expect(r.event).toEqual({ delayMs: 20 + ((i * 37) % 90), i });
    });
    const s = cloud.stats().find((x) => x.name === 'whoami');
    // at most 4 instances per function: 16 overlapping calls were queued and served warm
    expect(s?.workers).toBeLessThanOrEqual(4);
    expect(s?.warm).toBeGreaterThanOrEqual(n - 4);
  });

  test('cold start and warm invocations are measured', async () => {
    await cloud.call('whoami', {}, 'o_a');
    const s = cloud.stats().find((x) => x.name === 'whoami');
    expect(s?.cold).toBeGreaterThanOrEqual(1);
    expect(s?.lastColdMs).toBeGreaterThan(0);
    expect(s?.lastLoadMs).toBeGreaterThan(0);
    expect(s?.avgWarmMs).not.toBeNull();
    expect(s!.avgWarmMs!).toBeLessThan(s!.lastColdMs!);
  });

  test('a function that throws answers INTERNAL with the request id, and the next call works', async () => {
    const r = await post('/fn/broken', {});
    expect(r.status).toBe(500);
    expect(r.body.ok).toBe(false);
    expect(r.body.error.code).toBe('INTERNAL');
    expect(r.body.error.message).toContain('fixture failure');
    expect(r.body.error.details.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect((await post('/fn/broken', { ok: true })).body).toEqual({ fine: true });
  });

  test('an unknown function answers 404 NOT_FOUND', async () => {
    const r = await post('/fn/nope', {});
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });

  test('a body that is not JSON answers 400 INVALID_ARGUMENT', async () => {
    const res = await fetch(`${cloud.url}/fn/whoami`, { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('INVALID_ARGUMENT');
  });

  test('timeout (config.json timeout: 1) answers 504 and recycles the worker; the next call works', async () => {
    const t0 = Date.now();
    const r = await post('/fn/slow', { ms: 5000, busy: true }); // a CPU loop: only terminate() stops it
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(r.status).toBe(504);
    expect(r.body.error.code).toBe('INTERNAL');
    expect(r.body.error.message).toMatch(/timed out after 1 s/);
    expect(r.body.error.details.reason).toBe('FUNCTION_TIMEOUT');
    const before = cloud.stats().find((x) => x.name === 'slow')!;
    expect(before.timeouts).toBe(1);
    const ok = await post('/fn/slow', { ms: 10 });
    expect(ok.status).toBe(200);
    expect(ok.body.sleptMs).toBe(10);
    const after = cloud.stats().find((x) => x.name === 'slow')!;
    expect(after.cold).toBe(before.cold + 1); // a fresh instance served it
  });
});

describe('functions: SDK callFunction (functions.invokeFunction)', () => {
  test('node-sdk app.callFunction from server code runs without a caller', async () => {
    const r = await cloud.app().callFunction({ name: 'whoami', data: { via: 'node-sdk' } });
    const who = r.result as Who;
    expect(who.event).toEqual({ via: 'node-sdk' });
    expect(who.openid).toBeNull();
    expect(r.requestId).toBe(who.requestId);
  });

  test('wx-server-sdk cloud.callFunction works from this process', async () => {
    // useLocalCloud pointed this process's SDKs at the emulator
    wxCloud.init({ env: cloud.cloud.envId });
    const r = await wxCloud.callFunction({ name: 'whoami', data: { via: 'wx-server-sdk' } });
    expect((r.result as Who).event).toEqual({ via: 'wx-server-sdk' });
  });

  test('a function calling a function keeps the caller identity (both SDKs)', async () => {
    const r = (await cloud.call('caller', {}, 'o_carol')) as any;
    expect(r.me).toBe('o_carol');
    expect(r.viaWx.openid).toBe('o_carol');
    expect(r.viaWx.source).toBe('scf');
    expect(r.viaWx.event).toEqual({ hop: 'wx-server-sdk' });
    expect(r.viaNode.openid).toBe('o_carol');
    expect(r.viaNode.event).toEqual({ hop: 'node-sdk' });
  });

  test('errors and timeouts come back as SDK errors with codes', async () => {
    await expect(cloud.app().callFunction({ name: 'broken', data: {} })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
    });
    await expect(cloud.app().callFunction({ name: 'slow', data: { ms: 3000 } })).rejects.toMatchObject({
      code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
    });
    await expect(cloud.app().callFunction({ name: 'missing', data: {} })).rejects.toMatchObject({
      code: 'FUNCTIONS_NOT_FOUND',
    });
  });
});

describe('database through wx-server-sdk inside a function', () => {
  test('add + doc().get with the caller identity', async () => {
    const r = (await cloud.call('notes', { text: '三会一课' }, 'o_dana')) as any;
    expect(r.id).toEqual(expect.any(String));
    expect(r.doc).toMatchObject({ _id: r.id, owner: 'o_dana', text: '三会一课' });
  });
});

describe('open API outbox', () => {
  const valid = {
    touser: 'o_member1',
    templateId: 'tmpl_meeting',
    page: 'pages/checkin/index',
    data: {
      thing1: { value: '第三党支部主题党日' },
      time2: { value: '2026年12月1日 14:30' },
      phrase3: { value: '待签到' },
      name4: { value: '张三' },
      character_string5: { value: 'A-20261201' },
      number6: { value: '12' },
    },
  };

  test('subscribeMessage.send (wx-server-sdk cloud.openapi) is validated and recorded with its caller', async () => {
    const r = (await cloud.call('notify', { api: 'send', data: valid }, 'o_secretary')) as any;
    expect(r).toEqual({ ok: true, errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
    const out = await cloud.outbox();
    const last = out[out.length - 1];
    expect(last.apiName).toBe('subscribeMessage.send');
    expect(last.data).toMatchObject({ touser: 'o_member1', template_id: 'tmpl_meeting' });
    expect(last.result.errcode).toBe(0);
    expect(last.source).toEqual({ fn: 'notify', openid: 'o_secretary' });
    expect(typeof last.id).toBe('string');
    expect(last.at).toBeGreaterThan(Date.now() - 60_000);
  });

  test.each([
    [
      'thing over 20 characters',
      { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } },
      'data.thing1',
    ],
    ['phrase with non-Chinese', { phrase3: { value: 'ok' } }, 'data.phrase3'],
    ['phrase over 5 characters', { phrase3: { value: '六个汉字不行' } }, 'data.phrase3'],
    ['empty value', { thing1: { value: '' } }, 'data.thing1.value is empty'],
    ['name over 10 Chinese', { name4: { value: '一二三四五六七八九十一' } }, 'data.name4'],
    ['number with letters', { number6: { value: '12a' } }, 'data.number6'],
    ['character_string with Chinese', { character_string5: { value: '编号1' } }, 'data.character_string5'],
    ['time not a time', { time2: { value: 'tomorrow' } }, 'data.time2'],
    ['unknown keyword', { foo1: { value: 'x' } }, 'data.foo1'],
  ])('47003 for %s', async (_label, data, inMsg) => {
    const r = (await cloud.call('notify', { api: 'send', data: { ...valid, data } }, 'o_secretary')) as any;
    expect(r.ok).toBe(false);
    expect(r.errCode).toBe(47003);
    expect(r.errMsg).toContain(inMsg);
    const out = await cloud.outbox();
    expect(out[out.length - 1].result.errcode).toBe(47003);
  });

  test('refuse hook: sends to that openid fail with 43101 until lifted', async () => {
    await cloud.refuseOpenApi('o_refuser');
    const r = (await cloud.call('notify', { api: 'send', data: { ...valid, touser: 'o_refuser' } })) as any;
    expect(r).toMatchObject({ ok: false, errCode: 43101 });
    const other = (await cloud.call('notify', { api: 'send', data: valid })) as any;
    expect(other.ok).toBe(true);
    await cloud.refuseOpenApi('o_refuser', false);
    const again = (await cloud.call('notify', {
      api: 'send',
      data: { ...valid, touser: 'o_refuser' },
    })) as any;
    expect(again.ok).toBe(true);
  });

  test('an open API the function does not declare in config.json permissions.openapi: -604101, nothing sent', async () => {
    const before = (await cloud.outbox()).length;
    // wx-server-sdk (wx.openApi): the CommOpenApiResp carries errorCode -604101, thrown as errCode
    const viaWx = (await cloud.call('undeclared', { api: 'send', data: valid }, 'o_secretary')) as any;
    expect(viaWx).toMatchObject({ ok: false, errCode: -604101 });
    // node-sdk (wx.api): refused as well
    const viaNode = (await cloud.call(
      'undeclared',
      { api: 'sendViaNodeSdk', data: valid },
      'o_secretary',
    )) as any;
    expect(viaNode).toMatchObject({
      ok: false,
      errMsg: expect.stringMatching(/-604101.*permissions\.openapi/),
    });
    expect((await cloud.outbox()).length).toBe(before);
    // what it declares still works
    const qr = (await cloud.call('undeclared', {
      api: 'qr',
      data: { scene: 'a=1', page: 'pages/checkin/index' },
    })) as any;
    expect(qr).toMatchObject({ ok: true, contentType: 'image/png' });
  });

  test('node-sdk callWxOpenApi (wx.api) reaches the same outbox', async () => {
    const r = (await cloud.call('notify', {
      api: 'sendViaNodeSdk',
      data: {
        touser: 'o_x',
        template_id: 't',
        data: { thing1: { value: '太长了太长了太长了太长了太长了太长了太长了' } },
      },
    })) as any;
    expect(r.ok).toBe(true);
    expect(r.result.errcode).toBe(47003);
  });

  test('wxacode.getUnlimited answers a PNG whose QR encodes the page and scene', async () => {
    const r = (await cloud.call('notify', {
      api: 'qr',
      data: { scene: 's=SITE01&k=lab', page: 'pages/checkin/index', width: 280, checkPath: false },
    })) as any;
    expect(r.ok).toBe(true);
    expect(r.contentType).toBe('image/png');
    const png = Buffer.from(r.base64, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const img = PNG.sync.read(png);
    expect(img.width).toBe(280);
    expect(img.height).toBe(280);
    // sample every module centre and compare with the QR matrix of the expected text
    const qr = QRCode.create(qrTextFor('pages/checkin/index', 's=SITE01&k=lab'), {
      errorCorrectionLevel: 'M',
    });
    const size = qr.modules.size;
    const scale = img.width / (size + 4);
    let mismatches = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const px = Math.floor((x + 2 + 0.5) * scale);
        const py = Math.floor((y + 2 + 0.5) * scale);
        const dark = img.data[(py * img.width + px) * 4] < 128;
        if (dark !== Boolean(qr.modules.get(y, x))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    const out = await cloud.outbox();
    expect(out[out.length - 1]).toMatchObject({
      apiName: 'wxacode.getUnlimited',
      result: { errcode: 0, contentType: 'image/png' },
    });
  });

  test.each([
    ['a scene over 32 characters', { scene: 'x'.repeat(33) }, 40169],
    ['a scene with a space', { scene: 'a b' }, 40169],
    ['a scene with Chinese', { scene: '签到' }, 40169],
    ['a page starting with /', { scene: 'ok', page: '/pages/x' }, 41030],
  ])('wxacode.getUnlimited rejects %s', async (_l, data, code) => {
    const r = (await cloud.call('notify', { api: 'qr', data })) as any;
    expect(r).toMatchObject({ ok: false, errCode: code });
  });
});

describe('storage', () => {
  test('uploadFile / getTempFileURL / download over HTTP / deleteFile (node-sdk in this process)', async () => {
    const app = cloud.app();
    const up = await app.uploadFile({
      cloudPath: 'exports/第一支部/report.txt',
      fileContent: Buffer.from('报表 ok'),
    });
    expect(up.fileID).toBe(
      `cloud://${cloud.cloud.envId}.local-${cloud.cloud.envId}/exports/第一支部/report.txt`,
    );
    const urls = await app.getTempFileURL({ fileList: [up.fileID] });
    expect(urls.fileList[0].code).toBe('SUCCESS');
    const res = await fetch(encodeURI(urls.fileList[0].tempFileURL));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('报表 ok');
    const dl = await app.downloadFile({ fileID: up.fileID });
    expect(dl.fileContent?.toString()).toBe('报表 ok');
    const del = await app.deleteFile({ fileList: [up.fileID] });
    expect(del.fileList).toEqual([{ fileID: up.fileID, code: 'SUCCESS' }]);
    const gone = await app.getTempFileURL({ fileList: [up.fileID] });
    expect(gone.fileList[0].code).toBe('STORAGE_FILE_NONEXIST');
    expect((await fetch(encodeURI(urls.fileList[0].tempFileURL))).status).toBe(404);
  });

  test('getTempFileURL answers 50 files a call and refuses 51, as CloudBase does', async () => {
    const app = cloud.app();
    const ids = Array.from(
      { length: 51 },
      (_, i) => `cloud://${cloud.cloud.envId}.local-${cloud.cloud.envId}/n/${i}.txt`,
    );
    const fifty = await app.getTempFileURL({ fileList: ids.slice(0, 50) });
    expect(fifty.fileList).toHaveLength(50);
    expect(fifty.fileList.every((f: { code: string }) => f.code === 'STORAGE_FILE_NONEXIST')).toBe(true);
    await expect(app.getTempFileURL({ fileList: ids })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  });

  test('the same round trip through wx-server-sdk inside a function', async () => {
    const r = (await cloud.call('files', { cloudPath: 'a/b.txt', text: 'hi there' }, 'o_u')) as any;
    expect(r.downloaded).toBe('hi there');
    expect(r.status).toBe(0);
    expect((await fetch(r.tempFileURL)).status).toBe(200);
  });

  test('an upload URL is single-use and needs its authorization', async () => {
    const meta = await cloud.app().getUploadMetadata({ cloudPath: 'x/y.bin' });
    const bad = await fetch(meta.data.url, { method: 'PUT', body: 'x', headers: { authorization: 'nope' } });
    expect(bad.status).toBe(403);
    const good = await fetch(meta.data.url, {
      method: 'PUT',
      body: 'x',
      headers: { authorization: meta.data.authorization },
    });
    expect(good.status).toBe(200);
    const again = await fetch(meta.data.url, {
      method: 'PUT',
      body: 'x',
      headers: { authorization: meta.data.authorization },
    });
    expect(again.status).toBe(403);
  });

  test('paths escaping the storage folder are refused', async () => {
    expect((await fetch(`${cloud.url}/__storage/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    await expect(cloud.app().getUploadMetadata({ cloudPath: '../../evil' })).rejects.toMatchObject({
      code: 'INVALID_PARAM',
    });
  });
});

describe('timers', () => {
  test('POST /__timers/<fn> runs its timer trigger now with the CloudBase timer event', async () => {
    const t0 = Date.now();
    const fired = await cloud.fireTimer<any>('ticker');
    expect(fired.fn).toBe('ticker');
    expect(fired.trigger).toBe('every5min');
    expect(fired.result.event).toMatchObject({ Type: 'Timer', TriggerName: 'every5min', Message: '' });
    expect(Date.parse(fired.result.event.Time)).toBeGreaterThanOrEqual(Math.floor(t0 / 1000) * 1000);
    expect(fired.result.event.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fired.result.triggerSrc).toBe('timer');
    expect(fired.result.openid).toBeNull();
    expect(fired.result.appid).toBe(cloud.cloud.appid);
  });

  test('GET /__timers lists triggers with their next fire time (UTC+8 schedule)', async () => {
    const list = (await (await fetch(`${cloud.url}/__timers`)).json()) as any[];
    const t = list.find((x) => x.fn === 'ticker');
    expect(t).toMatchObject({ name: 'every5min', cron: '0 */5 * * * * *' });
    expect(t.next % 300_000).toBe(0);
    expect(t.next).toBeGreaterThan(Date.now());
  });

  test('a function without a timer trigger answers 404', async () => {
    await expect(cloud.fireTimer('whoami')).rejects.toThrow(/HTTP 404/);
  });
});

describe('emulator endpoints', () => {
  test('GET /__health', async () => {
    const h = (await (await fetch(`${cloud.url}/__health`)).json()) as any;
    expect(h).toMatchObject({ ok: true, database: 'up' });
    expect(h.functions).toEqual(expect.arrayContaining(['whoami', 'ticker']));
  });

  test('GET /__identities: the local cloud reads no app collection; without an app hook it answers []', async () => {
    const db = cloud.db();
    const branch = await db.collection('branches').add({ name: '第一临床支部', college: '临床医学院' });
    await db.collection('members').add({
      name: '李四',
      openid: 'o_lisi',
      branchId: branch.id,
      roles: ['member', 'secretary'],
      status: 'active',
      staffNo: 'S001',
    });
    // the demo identities come from the hook the seed registers (scripts/seed/seed.test.ts)
    expect(await (await fetch(`${cloud.url}/__identities`)).json()).toEqual([]);
  });

  test('GET /__ui shows collections, documents, outbox and the function log', async () => {
    const html = await (await fetch(`${cloud.url}/__ui`)).text();
    expect(html).toContain('members');
    expect(html).toContain('subscribeMessage.send');
    expect(html).toMatch(/\[fn whoami [0-9a-f]{32}\] whoami o_alice/);
    const docs = await (await fetch(`${cloud.url}/__ui?c=members`)).text();
    expect(docs).toContain('李四');
  });

  test('/ without an H5 build explains itself; unknown routes are 404', async () => {
    const home = await fetch(`${cloud.url}/`);
    expect(home.status).toBe(200);
    expect((await fetch(`${cloud.url}/__nope`)).status).toBe(404);
  });

  test('an unknown /admin action answers a CloudBase-style error', async () => {
    const res = await fetch(`${cloud.url}/admin`, {
      method: 'POST',
      body: JSON.stringify({ action: 'nope.nope' }),
    });
    expect(await res.json()).toMatchObject({ code: 'INVALID_ACTION' });
  });
});

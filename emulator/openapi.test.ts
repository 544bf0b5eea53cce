import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boundaryOf, parseMultipart } from './multipart';
import { OpenApiOutbox, TEMPLATE_RULES, validateScene } from './openapi';
import {
  decodeCommApiData,
  decodeCommOpenApiResp,
  encodeCommApiData,
  encodeCommOpenApiResp,
} from './protobuf';

describe('subscribe-message value rules', () => {
  const ok = (type: string, v: string) => expect([type, v, TEMPLATE_RULES[type](v)]).toEqual([type, v, null]);
  const bad = (type: string, v: string) => expect(TEMPLATE_RULES[type](v)).not.toBeNull();

  test('thing: up to 20 characters of anything', () => {
    ok('thing', '支部大会（3月）：学习二十大精神');
    ok('thing', 'x'.repeat(20));
    bad('thing', 'x'.repeat(21));
  });
  test('phrase: up to 5 Chinese characters only', () => {
    ok('phrase', '待签到');
    ok('phrase', '五个汉字呀');
    bad('phrase', '六个汉字不行');
    bad('phrase', '签到ok');
  });
  test('name: 10 Chinese or 20 letters', () => {
    ok('name', '欧阳娜娜');
    ok('name', 'Zhang San');
    ok('name', 'a'.repeat(20));
    bad('name', 'a'.repeat(21));
    bad('name', '一二三四五六七八九十一');
  });
  test('number, letter, symbol, character_string', () => {
    ok('number', '12.5');
    bad('number', '1a');
    bad('number', '1'.repeat(33));
    ok('letter', 'abcXYZ');
    bad('letter', 'abc1');
    ok('symbol', '%$#');
    bad('symbol', 'a');
    bad('symbol', '%%%%%%');
    ok('character_string', 'A-2026_01#x');
    bad('character_string', '编号');
    bad('character_string', 'x'.repeat(33));
  });
  test('time, date, amount, phone_number, car_number', () => {
    ok('time', '15:01');
    ok('time', '2019年10月1日 15:01');
    ok('time', '2026-12-01 14:30 ~ 2026-12-01 16:00');
    bad('time', '3pm');
    ok('date', '2019年10月1日');
    ok('date', '2026-12-01 14:30');
    bad('date', '明天');
    ok('amount', '¥100.50');
    ok('amount', '100元');
    bad('amount', '一百元');
    ok('phone_number', '+86-0766-66888866');
    bad('phone_number', '1'.repeat(18));
    ok('car_number', '粤A8Z888挂');
    bad('car_number', '粤A8Z8888挂');
  });
});

describe('wxacode scene rules', () => {
  test.each([
    ['abc123', null],
    ["!#$&'()*+,/:;=?@-._~", null],
    ['x'.repeat(32), null],
    ['x'.repeat(33), /longer than 32/],
    ['a b', /outside/],
    ['签到', /outside/],
    ['', /required/],
  ])('%s', (scene, expected) => {
    const r = validateScene(scene);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatch(expected);
  });
});

describe('outbox', () => {
  test('entries survive a restart (JSON lines in the data folder), newest last', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    try {
      const a = new OpenApiOutbox(dir);
      const data = { touser: 'o1', template_id: 't', data: { thing1: { value: '会议提醒' } } };
      expect((await a.call('subscribeMessage.send', data)).json?.errcode).toBe(0);
      a.refuse('o2');
      expect((await a.call('subscribeMessage.send', { ...data, touser: 'o2' })).json?.errcode).toBe(43101);
      const b = new OpenApiOutbox(dir);
      const list = b.list();
      expect(list.map((e) => [e.apiName, e.result.errcode, (e.data as { touser: string }).touser])).toEqual([
        ['subscribeMessage.send', 0, 'o1'],
        ['subscribeMessage.send', 43101, 'o2'],
      ]);
      expect(new Set(list.map((e) => e.id)).size).toBe(2);
      // the refusal is a test hook of one run, not persisted
      expect((await b.call('subscribeMessage.send', { ...data, touser: 'o2' })).json?.errcode).toBe(0);
      expect(b.list()[2].id).not.toBe(list[1].id);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a burst of 200 concurrent sends: each answered only once on disk, none lost or doubled', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    try {
      const o = new OpenApiOutbox(dir);
      const file = path.join(dir, 'outbox.jsonl');
      const data = { template_id: 't', data: { thing1: { value: '会议提醒' } } };
      const onDisk: number[] = [];
      const replies = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const r = await o.call('subscribeMessage.send', { ...data, touser: `o${i}` });
          // answered: its line is in the file already (written before the fsync that covered it)
          onDisk.push(
            fs
              .readFileSync(file, 'utf8')
              .split('\n')
              .filter((l) => l.includes(`"touser":"o${i}"`)).length,
          );
          return r.json?.errcode;
        }),
      );
      expect(replies.every((c) => c === 0)).toBe(true);
      expect(onDisk.every((n) => n === 1)).toBe(true);
      const again = new OpenApiOutbox(dir).list();
      expect(again).toHaveLength(200);
      expect(new Set(again.map((e) => (e.data as { touser: string }).touser)).size).toBe(200);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('missing touser / template_id answer WeChat codes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    try {
      const o = new OpenApiOutbox(dir);
      expect((await o.call('subscribeMessage.send', { template_id: 't', data: {} })).json?.errcode).toBe(
        40003,
      );
      expect((await o.call('subscribeMessage.send', { touser: 'o', data: {} })).json?.errcode).toBe(40037);
      expect((await o.call('customerServiceMessage.send', {})).json?.errcode).toBe(40001);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('wire helpers', () => {
  test('CommApiData and CommOpenApiResp round trip', () => {
    const msg = {
      apiType: 0,
      pairs: [
        { key: 'touser', value: Buffer.from('"o1"') },
        { key: 'media', value: Buffer.from([0, 1, 2, 255]), contentType: 'image/png', filename: 'a.png' },
      ],
      appid: 'wx123',
    };
    expect(decodeCommApiData(encodeCommApiData(msg))).toEqual(msg);
    const big = Buffer.alloc(70_000, 7); // multi-byte length varint
    expect(
      decodeCommOpenApiResp(encodeCommOpenApiResp({ respData: big, contentType: 'image/png', errorCode: 5 })),
    ).toEqual({
      respData: big,
      contentType: 'image/png',
      errorCode: 5,
      httpCode: 200,
    });
  });

  test('multipart parsing keeps binary parts intact', () => {
    const bin = Buffer.from([0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
    const b = 'XyZ123';
    const body = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="action"\r\n\r\nwx.openApi\r\n`),
      Buffer.from(
        `--${b}\r\nContent-Disposition: form-data; name="requestData"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bin,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    expect(boundaryOf(`multipart/form-data; boundary=${b}`)).toBe(b);
    const parts = parseMultipart(body, b);
    expect(parts.map((p) => p.name)).toEqual(['action', 'requestData']);
    expect(parts[0].data.toString()).toBe('wx.openApi');
    expect(parts[1].data).toEqual(bin);
    expect(parts[1].contentType).toBe('application/octet-stream');
  });
});

/**
 * The few protobuf messages of the WeChat open-API channel that `wx-server-sdk` sends through
 * `@cloudbase/node-sdk` (`wx.openApi`): the request `CommApiData` and the reply `CommOpenApiResp`.
 * Field numbers are those of wx-server-sdk 4.x `src/protobuf/openapi.js`. Only the wire types used
 * there (varint = 0, length-delimited = 2) occur; unknown fields are skipped.
 */

export interface KeyValuePair {
  key: string;
  value: Buffer;
  contentType?: string;
  filename?: string;
}

export interface CommApiData {
  apiType: number; // 0 OPEN_API, 1 INNER_API, 2 SVRKIT_API, 3 TOKEN_API
  pairs: KeyValuePair[];
  appid?: string;
}

export interface CommOpenApiResp {
  respData: Buffer;
  contentType: string;
  errorCode?: number;
  httpCode?: number;
}

interface Field {
  no: number;
  wire: number;
  int?: number;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('protobuf: truncated varint');
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new Error('protobuf: varint too long');
  }
}

function readFields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      pos = p2;
      out.push({ no, wire, int: v });
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      if (p2 + len > buf.length) throw new Error('protobuf: truncated field');
      out.push({ no, wire, bytes: buf.subarray(p2, p2 + len) });
      pos = p2 + len;
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 5) {
      pos += 4;
    } else {
      throw new Error(`protobuf: unsupported wire type ${wire}`);
    }
  }
  return out;
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  // int32 negatives are written as 64-bit two's complement (10 bytes), as protobufjs does
  let v = BigInt.asUintN(64, BigInt(Math.trunc(n)));
  while (v >= 0x80n) {
    bytes.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Buffer.from(bytes);
}

function tag(no: number, wire: number): Buffer {
  return varint(no * 8 + wire);
}

function lenField(no: number, data: Buffer | string): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([tag(no, 2), varint(b.length), b]);
}

function intField(no: number, n: number): Buffer {
  return Buffer.concat([tag(no, 0), varint(n)]);
}

export function decodeCommApiData(buf: Buffer): CommApiData {
  const res: CommApiData = { apiType: 0, pairs: [] };
  for (const f of readFields(buf)) {
    if (f.no === 1 && f.wire === 0) res.apiType = f.int ?? 0;
    else if (f.no === 2 && f.bytes) {
      // OpenApiData { repeated KeyValuePair pairs = 1 }
      for (const pf of readFields(f.bytes)) {
        if (pf.no !== 1 || !pf.bytes) continue;
        const pair: KeyValuePair = { key: '', value: Buffer.alloc(0) };
        for (const kv of readFields(pf.bytes)) {
          if (!kv.bytes) continue;
          if (kv.no === 1) pair.key = kv.bytes.toString('utf8');
          else if (kv.no === 2) pair.value = Buffer.from(kv.bytes);
          else if (kv.no === 3) pair.contentType = kv.bytes.toString('utf8');
          else if (kv.no === 4) pair.filename = kv.bytes.toString('utf8');
        }
        res.pairs.push(pair);
      }
    } else if (f.no === 6 && f.bytes) res.appid = f.bytes.toString('utf8');
  }
  return res;
}

export function encodeCommApiData(msg: CommApiData): Buffer {
  const pairs = msg.pairs.map((p) => {
    const parts = [lenField(1, p.key), lenField(2, p.value)];
    if (p.contentType) parts.push(lenField(3, p.contentType));
    if (p.filename) parts.push(lenField(4, p.filename));
    return lenField(1, Buffer.concat(parts));
  });
  const parts = [intField(1, msg.apiType), lenField(2, Buffer.concat(pairs))];
  if (msg.appid) parts.push(lenField(6, msg.appid));
  return Buffer.concat(parts);
}

export function encodeCommOpenApiResp(msg: CommOpenApiResp): Buffer {
  const parts = [lenField(1, msg.respData), lenField(2, msg.contentType)];
  if (msg.errorCode) parts.push(intField(3, msg.errorCode));
  parts.push(intField(4, msg.httpCode ?? 200));
  return Buffer.concat(parts);
}

export function decodeCommOpenApiResp(buf: Buffer): CommOpenApiResp {
  const res: CommOpenApiResp = { respData: Buffer.alloc(0), contentType: '' };
  for (const f of readFields(buf)) {
    if (f.no === 1 && f.bytes) res.respData = Buffer.from(f.bytes);
    else if (f.no === 2 && f.bytes) res.contentType = f.bytes.toString('utf8');
    else if (f.no === 3) res.errorCode = f.int;
    else if (f.no === 4) res.httpCode = f.int;
  }
  return res;
}

/**
 * WeChat open API, local edition: calls land in an outbox instead of WeChat.
 * - `subscribeMessage.send` validates the template data with WeChat's value rules and answers
 *   WeChat-style `errcode`s (47003 argument invalid, 43101 user refused, 40003 bad touser, 40037 no template).
 * - `wxacode.getUnlimited` validates `scene`/`page` and answers a real PNG QR code whose text is
 *   `https://localcloud.invalid/<page>?scene=<scene>` (`.invalid` never resolves: it is a marker, not a link).
 * Every call (accepted or refused) is appended to `<dataDir>/outbox.jsonl` and survives a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';

export interface OutboxEntry {
  id: string;
  at: number;
  apiName: string;
  data: unknown;
  result: { errcode: number; errmsg: string; [k: string]: unknown };
  /** who called: function name and caller openid, when known */
  source?: { fn?: string; openid?: string };
}

export interface OpenApiReply {
  /** JSON body (WeChat answers JSON for everything but images) */
  json?: { errcode: number; errmsg: string; [k: string]: unknown };
  /** binary body, e.g. a PNG */
  binary?: { contentType: string; data: Buffer };
}

export const QR_URL_BASE = 'https://localcloud.invalid/';

/** Characters per WeChat's rules; Chinese (Han) characters count as one each. */
const HAN = /\p{Script=Han}/u;
const isHan = (c: string) => HAN.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';
const isLetter = (c: string) => /^[A-Za-z]$/.test(c);
const isSymbol = (c: string) => /^[\p{P}\p{S}]$/u.test(c);

type Rule = (v: string) => string | null; // null = ok, else why not

const maxLen = (n: number) => (v: string) =>
  Array.from(v).length > n ? `longer than ${n} characters` : null;

/** Template value rules by keyword type (the part of the key before its number, e.g. thing1 → thing). */
export const TEMPLATE_RULES: Record<string, Rule> = {
  thing: maxLen(20),
  number: (v) =>
    /^[+-]?\d+(\.\d+)?$/.test(v)
      ? v.replace(/[^\d]/g, '').length > 32
        ? 'more than 32 digits'
        : null
      : 'not a number',
  letter: (v) => (!/^[A-Za-z]+$/.test(v) ? 'letters only' : v.length > 32 ? 'more than 32 letters' : null),
  symbol: (v) => (!Array.from(v).every(isSymbol) ? 'symbols only' : maxLen(5)(v)),
  character_string: (v) =>
    !Array.from(v).every((c) => isDigit(c) || isLetter(c) || isSymbol(c))
      ? 'digits, letters or symbols only'
      : maxLen(32)(v),
  time: (v) =>
    /^(\d{4}[年/-]\d{1,2}[月/-]\d{1,2}日?\s*)?\d{1,2}:\d{2}(:\d{2})?(\s*~\s*(\d{4}[年/-]\d{1,2}[月/-]\d{1,2}日?\s*)?\d{1,2}:\d{2}(:\d{2})?)?$/.test(
      v.trim(),
    )
      ? null
      : 'not a 24-hour time (e.g. 15:01 or 2019年10月1日 15:01)',
  date: (v) =>
    /^\d{4}[年/-]\d{1,2}[月/-]\d{1,2}日?(\s*\d{1,2}:\d{2}(:\d{2})?)?(\s*~\s*\d{4}[年/-]\d{1,2}[月/-]\d{1,2}日?(\s*\d{1,2}:\d{2}(:\d{2})?)?)?$/.test(
      v.trim(),
    )
      ? null
      : 'not a date (e.g. 2019年10月1日)',
  amount: (v) =>
    /^[^\d\s.]?\d{1,10}(\.\d+)?元?$/.test(v) ? null : 'not an amount (one currency sign + ≤ 10 digits)',
  phone_number: (v) => (/^[\d+\-() ]{1,17}$/.test(v) ? null : 'not a phone number (≤ 17 digits and symbols)'),
  car_number: (v) => {
    const cs = Array.from(v);
    if (cs.length === 0 || cs.length > 8) return 'not a car number (≤ 8 characters)';
    const mid = cs.slice(1, -1);
    const ends = [cs[0], cs[cs.length - 1]];
    if (!mid.every((c) => isDigit(c) || isLetter(c))) return 'not a car number';
    if (!ends.every((c) => isDigit(c) || isLetter(c) || isHan(c))) return 'not a car number';
    return null;
  },
  name: (v) => {
    const cs = Array.from(v);
    if (cs.some(isHan)) return cs.length > 10 ? 'a Chinese name is at most 10 characters' : null;
    if (!cs.every((c) => isLetter(c) || isSymbol(c) || c === ' ')) return 'letters or symbols only';
    return cs.length > 20 ? 'a name in letters is at most 20 characters' : null;
  },
  phrase: (v) => (!Array.from(v).every(isHan) ? 'Chinese characters only' : maxLen(5)(v)),
};

const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;

export function validateScene(scene: unknown): string | null {
  if (typeof scene !== 'string' || scene.length === 0) return 'scene is required';
  if (scene.length > 32) return 'scene is longer than 32 characters';
  if (!SCENE_CHARS.test(scene)) return "scene has a character outside 0-9 A-Z a-z !#$&'()*+,/:;=?@-._~";
  return null;
}

export function validatePage(page: unknown): string | null {
  if (page === undefined || page === '') return null; // WeChat then uses the home page
  if (typeof page !== 'string') return 'page must be a string';
  if (page.startsWith('/')) return 'page must not start with /';
  if (!/^[A-Za-z0-9_\-/.]+$/.test(page)) return 'page has invalid characters';
  return null;
}

export function qrTextFor(page: string, scene: string): string {
  return `${QR_URL_BASE}${page}?scene=${encodeURIComponent(scene)}`;
}

export class OpenApiOutbox {
  private entries: OutboxEntry[] = [];
  private readonly file: string;
  private readonly refused = new Set<string>();
  private seq = 0;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.file = path.join(dataDir, 'outbox.jsonl');
    if (fs.existsSync(this.file)) {
      for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.entries.push(JSON.parse(line) as OutboxEntry);
        } catch {
          // a line torn by a crash mid-write: skip it
        }
      }
    }
    this.seq = this.entries.length;
  }

  list(): OutboxEntry[] {
    return this.entries.slice();
  }

  /** Test hook: subscribeMessage.send to this openid fails with 43101 (user refused / no credit). */
  refuse(openid: string, on = true): void {
    if (on) this.refused.add(openid);
    else this.refused.delete(openid);
  }

  private record(
    apiName: string,
    data: unknown,
    result: OutboxEntry['result'],
    source?: OutboxEntry['source'],
  ) {
    this.seq += 1;
    const entry: OutboxEntry = {
      id: `msg_${this.now().toString(36)}_${this.seq}`,
      at: this.now(),
      apiName,
      data,
      result,
      ...(source ? { source } : {}),
    };
    const fd = fs.openSync(this.file, 'a');
    try {
      fs.writeSync(fd, JSON.stringify(entry) + '\n');
    } finally {
      fs.closeSync(fd);
    }
    this.entries.push(entry);
    return entry;
  }

  /**
   * Resolves once everything appended so far is on disk. Group commit: calls that arrive while an
   * fsync is running share the next one, and the fsync runs off the event loop (libuv's pool), so a
   * burst of sends costs a few fsyncs instead of one blocking fsync each. A call is answered only
   * after its entry is durable, as before.
   */
  private durable(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.syncing) this.sync();
    });
  }

  private waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private syncing = false;

  private sync(): void {
    const group = this.waiting;
    this.waiting = [];
    this.syncing = true;
    void (async () => {
      try {
        const fh = await fs.promises.open(this.file, 'r');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
        for (const w of group) w.resolve();
      } catch (e) {
        for (const w of group) w.reject(e);
      } finally {
        this.syncing = false;
        if (this.waiting.length > 0) this.sync();
      }
    })();
  }

  async call(
    apiName: string,
    data: Record<string, unknown>,
    source?: OutboxEntry['source'],
  ): Promise<OpenApiReply> {
    const reply = await this.answer(apiName, data, source);
    // every call is recorded (accepted or refused): answer once its entry is on disk
    await this.durable();
    return reply;
  }

  private async answer(
    apiName: string,
    data: Record<string, unknown>,
    source?: OutboxEntry['source'],
  ): Promise<OpenApiReply> {
    switch (apiName) {
      case 'subscribeMessage.send':
        return { json: this.subscribeSend(data, source) };
      case 'wxacode.getUnlimited':
        return this.getUnlimited(data, source);
      default: {
        const result = { errcode: 40001, errmsg: `localcloud: open API ${apiName} is not emulated` };
        this.record(apiName, data, result, source);
        return { json: result };
      }
    }
  }

  private subscribeSend(data: Record<string, unknown>, source?: OutboxEntry['source']) {
    const fail = (errcode: number, errmsg: string) => {
      const result = { errcode, errmsg };
      this.record('subscribeMessage.send', data, result, source);
      return result;
    };
    const touser = data.touser;
    if (typeof touser !== 'string' || touser === '') return fail(40003, 'invalid openid: touser is required');
    if (typeof data.template_id !== 'string' || data.template_id === '') {
      return fail(40037, 'invalid template_id: template_id is required');
    }
    if (
      data.miniprogram_state !== undefined &&
      !['developer', 'trial', 'formal'].includes(String(data.miniprogram_state))
    ) {
      return fail(47003, 'argument invalid! miniprogram_state');
    }
    const fields = data.data;
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
      return fail(47003, 'argument invalid! data is required');
    }
    for (const [key, raw] of Object.entries(fields as Record<string, unknown>)) {
      const m = /^([a-z_]+?)(\d+)$/.exec(key);
      const rule = m ? TEMPLATE_RULES[m[1]] : undefined;
      if (!m || !rule) return fail(47003, `argument invalid! data.${key} is not a template keyword`);
      const value = (raw as { value?: unknown } | null)?.value;
      if (value === undefined || value === null || String(value) === '') {
        return fail(47003, `argument invalid! data.${key}.value is empty`);
      }
      const why = rule(String(value));
      if (why) return fail(47003, `argument invalid! data.${key}.value invalid: ${why}`);
    }
    if (this.refused.has(touser)) return fail(43101, 'user refuse to accept the msg');
    const result = { errcode: 0, errmsg: 'ok', msgid: this.now() * 1000 + (this.seq % 1000) };
    this.record('subscribeMessage.send', data, result, source);
    return result;
  }

  private async getUnlimited(
    data: Record<string, unknown>,
    source?: OutboxEntry['source'],
  ): Promise<OpenApiReply> {
    const sceneErr = validateScene(data.scene);
    if (sceneErr) {
      const result = {
        errcode: 40169,
        errmsg: `invalid length for scene, or the data is not json string: ${sceneErr}`,
      };
      this.record('wxacode.getUnlimited', data, result, source);
      return { json: result };
    }
    const pageErr = validatePage(data.page);
    if (pageErr) {
      const result = { errcode: 41030, errmsg: `invalid page rid: ${pageErr}` };
      this.record('wxacode.getUnlimited', data, result, source);
      return { json: result };
    }
    const page = typeof data.page === 'string' && data.page ? data.page : 'pages/index/index';
    const width = Math.min(1280, Math.max(280, Number(data.width) || 430));
    const text = qrTextFor(page, String(data.scene));
    const png = await QRCode.toBuffer(text, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M' });
    this.record(
      'wxacode.getUnlimited',
      data,
      { errcode: 0, errmsg: 'ok', contentType: 'image/png', bytes: png.length, text },
      source,
    );
    return { binary: { contentType: 'image/png', data: png } };
  }
}

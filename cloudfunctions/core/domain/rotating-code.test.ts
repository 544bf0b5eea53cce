import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as contract from '../../../types/activity';
import {
  base64urlToBytes,
  bytesToBase64url,
  CODE_CLOCK_SKEW_DEFAULT_MS,
  CODE_PERIOD_DEFAULT_SEC,
  CODE_PERIOD_MAX_SEC,
  CODE_PERIOD_MIN_SEC,
  codePeriodMs,
  deriveDisplayKey,
  mintCode,
  mintCodeForWindow,
  newActivitySecret,
  newSiteCode,
  parseScannedCode,
  siteScene,
  verifyRotatingCode,
  windowIndex,
} from './rotating-code';

// 2026-11-27 09:00:00 UTC — a whole minute, so a window boundary for every allowed period.
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const P = 15_000;
const ACT = 'act_0123456789abcdef';
const SECRET = bytesToBase64url(new Uint8Array(32).map((_, i) => i + 1));
const KEY = deriveDisplayKey(SECRET, ACT);

function verify(code: string, at: number, over: Partial<Parameters<typeof verifyRotatingCode>[0]> = {}) {
  return verifyRotatingCode({ code, activityId: ACT, secret: SECRET, periodMs: P, at, ...over });
}

/** Replace the character at index i with a different one of the same alphabet. */
function flipChar(s: string, i: number): string {
  const c = s[i] === 'A' ? 'B' : 'A';
  return s.slice(0, i) + c + s.slice(i + 1);
}

describe('base64url helpers', () => {
  it('round-trips every length 0..40 without padding', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 0xff);
      const s = bytesToBase64url(bytes);
      expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(Array.from(base64urlToBytes(s))).toEqual(Array.from(bytes));
    }
  });

  it('matches the RFC 4648 test vectors (url alphabet)', () => {
    const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
    expect(bytesToBase64url(ascii('foobar'))).toBe('Zm9vYmFy');
    expect(bytesToBase64url(ascii('fo'))).toBe('Zm8');
    expect(bytesToBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('rejects characters outside the alphabet and non-canonical tails', () => {
    expect(() => base64urlToBytes('Zm9v+mFy')).toThrow();
    expect(() => base64urlToBytes('Zm8')).not.toThrow(); // 'fo'
    expect(() => base64urlToBytes('Zm8=')).toThrow();
    expect(() => base64urlToBytes('Zm9')).toThrow(); // also 'fo', but with a trailing bit set
    expect(() => base64urlToBytes('A')).toThrow();
  });
});

describe('codePeriodMs', () => {
  it('defaults to 15 s', () => expect(codePeriodMs(undefined)).toBe(15_000));
  it('accepts the minimum 5 s and the maximum 60 s', () => {
    expect(codePeriodMs(5)).toBe(5_000);
    expect(codePeriodMs(60)).toBe(60_000);
  });
  it('agrees with the contract’s bounds (this module cannot import zod: it runs on the phone)', () => {
    expect([CODE_PERIOD_MIN_SEC, CODE_PERIOD_DEFAULT_SEC, CODE_PERIOD_MAX_SEC]).toEqual([
      contract.CODE_PERIOD_MIN_SEC,
      contract.CODE_PERIOD_DEFAULT_SEC,
      contract.CODE_PERIOD_MAX_SEC,
    ]);
  });
  it('refuses 4 s, 61 s and fractions', () => {
    expect(() => codePeriodMs(4)).toThrow(RangeError);
    expect(() => codePeriodMs(61)).toThrow(RangeError);
    expect(() => codePeriodMs(7.5)).toThrow(RangeError);
  });
});

describe('keys', () => {
  it('makes a 32-byte secret as 43 base64url characters from the random source', () => {
    const s = newActivitySecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(base64urlToBytes(s)).toHaveLength(32);
    expect(newActivitySecret()).not.toBe(s);
  });

  it('derives the display key as HMAC-SHA-256(secret, label|activityId), distinct per activity', () => {
    const expected = hmac(
      sha256,
      base64urlToBytes(SECRET),
      new Uint8Array([...`frontline-checkin/display-key/v1|${ACT}`].map((c) => c.charCodeAt(0))),
    );
    expect(KEY).toBe(bytesToBase64url(expected));
    expect(KEY).not.toBe(SECRET);
    expect(deriveDisplayKey(SECRET, 'act_other')).not.toBe(KEY);
  });

  it('refuses an activity id that could not be embedded in a code', () => {
    expect(() => deriveDisplayKey(SECRET, 'act.with.dots')).toThrow();
    expect(() => deriveDisplayKey(SECRET, '')).toThrow();
  });
});

describe('mintCode', () => {
  it('formats r1.<activity>.<window base36>.<12-char mac> and is URL/QR safe', () => {
    const m = mintCode(KEY, ACT, P, T0 + 3_000);
    const w = Math.floor((T0 + 3_000) / P);
    expect(m.window).toBe(w);
    expect(m.code).toMatch(new RegExp(`^r1\\.${ACT}\\.${w.toString(36)}\\.[A-Za-z0-9_-]{12}$`));
    expect(encodeURIComponent(m.code)).toBe(m.code);
    expect(m.code.length).toBeLessThanOrEqual(100);
  });

  it('reports when the code appeared, when the display replaces it and the end of its grace', () => {
    const m = mintCode(KEY, ACT, P, T0 + 3_000);
    expect(m.windowStart).toBe(T0);
    expect(m.windowEnd).toBe(T0 + P);
    expect(m.acceptedUntil).toBe(T0 + 2 * P);
  });

  it('changes every window and is stable inside one', () => {
    expect(mintCode(KEY, ACT, P, T0).code).toBe(mintCode(KEY, ACT, P, T0 + P - 1).code);
    expect(mintCode(KEY, ACT, P, T0 + P).code).not.toBe(mintCode(KEY, ACT, P, T0 + P - 1).code);
  });

  it('binds the period: the same window index minted under another period does not verify', () => {
    const w = windowIndex(T0, P);
    const other = mintCodeForWindow(KEY, ACT, 20_000, w);
    expect(verify(other.code, T0)).toEqual({ ok: false, code: 'CODE_INVALID', reason: 'bad_signature' });
  });
});

describe('verifyRotatingCode', () => {
  const current = mintCode(KEY, ACT, P, T0); // window starting at T0

  it('accepts a code in its own window (at the instant it appears)', () => {
    expect(verify(current.code, T0)).toEqual({ ok: true, window: current.window, windowStart: T0 });
  });

  it('accepts a code in its own window 1 ms before the next window', () => {
    expect(verify(current.code, T0 + P - 1).ok).toBe(true);
  });

  it('accepts the previous window’s code (grace) until 1 ms before it ends', () => {
    expect(verify(current.code, T0 + P).ok).toBe(true);
    expect(verify(current.code, T0 + 2 * P - 1).ok).toBe(true);
  });

  it('refuses a code two windows old as CODE_EXPIRED, exactly at the end of its grace', () => {
    expect(verify(current.code, T0 + 2 * P)).toEqual({ ok: false, code: 'CODE_EXPIRED', reason: 'expired' });
  });

  it('refuses a much older code as CODE_EXPIRED', () => {
    expect(verify(current.code, T0 + 3_600_000)).toMatchObject({ code: 'CODE_EXPIRED' });
  });

  it('accepts the next window’s code within the clock-skew tolerance of its start', () => {
    const next = mintCode(KEY, ACT, P, T0 + P);
    expect(verify(next.code, T0 + P - CODE_CLOCK_SKEW_DEFAULT_MS).ok).toBe(true);
  });

  it('refuses a future window’s code 1 ms beyond the tolerance as CODE_INVALID', () => {
    const next = mintCode(KEY, ACT, P, T0 + P);
    expect(verify(next.code, T0 + P - CODE_CLOCK_SKEW_DEFAULT_MS - 1)).toEqual({
      ok: false,
      code: 'CODE_INVALID',
      reason: 'future_window',
    });
  });

  it('refuses a code with one signature character changed (forged)', () => {
    for (const i of [current.code.length - 1, current.code.length - 12]) {
      expect(verify(flipChar(current.code, i), T0)).toEqual({
        ok: false,
        code: 'CODE_INVALID',
        reason: 'bad_signature',
      });
    }
  });

  it('refuses a code whose window was changed to a current one (replaying an old signature)', () => {
    const old = mintCode(KEY, ACT, P, T0 - 10 * P);
    const parts = old.code.split('.');
    const replay = [parts[0], parts[1], current.window.toString(36), parts[3]].join('.');
    expect(verify(replay, T0)).toMatchObject({ ok: false, code: 'CODE_INVALID', reason: 'bad_signature' });
  });

  it('refuses a truncated code as malformed', () => {
    expect(verify(current.code.slice(0, -1), T0)).toEqual({
      ok: false,
      code: 'CODE_INVALID',
      reason: 'malformed',
    });
    expect(verify(current.code.slice(0, 10), T0)).toMatchObject({
      code: 'CODE_INVALID',
      reason: 'malformed',
    });
  });

  it('refuses garbage and a non-canonical window spelling as malformed', () => {
    expect(verify('', T0)).toMatchObject({ code: 'CODE_INVALID', reason: 'malformed' });
    expect(verify('hello', T0)).toMatchObject({ code: 'CODE_INVALID', reason: 'malformed' });
    const parts = current.code.split('.');
    const padded = [parts[0], parts[1], '0' + parts[2], parts[3]].join('.');
    expect(verify(padded, T0)).toMatchObject({ code: 'CODE_INVALID', reason: 'malformed' });
  });

  it('refuses the code of another activity', () => {
    const otherKey = deriveDisplayKey(SECRET, 'act_other');
    const other = mintCode(otherKey, 'act_other', P, T0);
    expect(verify(other.code, T0)).toEqual({ ok: false, code: 'CODE_INVALID', reason: 'other_activity' });
  });

  it('refuses a code re-labelled with this activity but signed for another', () => {
    const otherKey = deriveDisplayKey(SECRET, 'act_other');
    const other = mintCode(otherKey, 'act_other', P, T0);
    const relabelled = other.code.replace('act_other', ACT);
    expect(verify(relabelled, T0)).toMatchObject({ code: 'CODE_INVALID', reason: 'bad_signature' });
  });

  it('refuses a code minted from another secret for the same activity', () => {
    const foreignSecret = bytesToBase64url(new Uint8Array(32).fill(9));
    const foreign = mintCode(deriveDisplayKey(foreignSecret, ACT), ACT, P, T0);
    expect(verify(foreign.code, T0)).toMatchObject({ code: 'CODE_INVALID', reason: 'bad_signature' });
  });

  it('checks the signature before the time: a forged old code reads CODE_INVALID, not CODE_EXPIRED', () => {
    const old = mintCode(KEY, ACT, P, T0 - 10 * P);
    expect(verify(flipChar(old.code, old.code.length - 1), T0)).toMatchObject({ code: 'CODE_INVALID' });
  });

  it('works with the minimum period of 5 s', () => {
    const c = mintCode(KEY, ACT, 5_000, T0);
    expect(verify(c.code, T0 + 9_999, { periodMs: 5_000 }).ok).toBe(true);
    expect(verify(c.code, T0 + 10_000, { periodMs: 5_000 })).toMatchObject({ code: 'CODE_EXPIRED' });
  });
});

describe('site codes', () => {
  it('makes a 10-character site code whose scene fits 32 characters', () => {
    const c = newSiteCode();
    expect(c).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(siteScene(c)).toBe(`s.${c}`);
    expect(siteScene(c).length).toBeLessThanOrEqual(32);
  });

  it('accepts the longest site code (30) and refuses 31 characters', () => {
    expect(siteScene('a'.repeat(30))).toHaveLength(32);
    expect(() => siteScene('a'.repeat(31))).toThrow();
    expect(() => siteScene('abc')).toThrow();
  });
});

describe('parseScannedCode', () => {
  const code = mintCode(KEY, ACT, P, T0).code;

  it('parses a bare rotating code', () => {
    expect(parseScannedCode(code)).toMatchObject({ kind: 'rotating', activityId: ACT, code });
  });

  it('parses a bare site scene', () => {
    expect(parseScannedCode('s.Ab3_-xyZ09')).toEqual({ kind: 'site', siteCode: 'Ab3_-xyZ09' });
  });

  it('parses an H5 URL carrying ?code= (hash router)', () => {
    expect(parseScannedCode(`https://x.example/#/pages/checkin/index?code=${code}&from=qr`)).toMatchObject({
      kind: 'rotating',
      code,
    });
  });

  it('parses a mini-program path carrying a URL-encoded scene', () => {
    expect(parseScannedCode('pages/checkin/index?scene=s.Ab3_-xyZ09')).toEqual({
      kind: 'site',
      siteCode: 'Ab3_-xyZ09',
    });
    expect(parseScannedCode('scene=s%2EAb3_-xyZ09')).toEqual({ kind: 'site', siteCode: 'Ab3_-xyZ09' });
  });

  it('parses a q= link whose value is an encoded URL with code=', () => {
    const url = `https://x.example/c?code=${code}`;
    expect(parseScannedCode(`pages/checkin/index?q=${encodeURIComponent(url)}`)).toMatchObject({
      kind: 'rotating',
      code,
    });
  });

  it('tolerates surrounding whitespace', () => {
    expect(parseScannedCode(`  ${code}\n`)).toMatchObject({ kind: 'rotating' });
  });

  it('answers invalid for empty, non-string, too long, unknown and truncated input — never throws', () => {
    expect(parseScannedCode('')).toEqual({ kind: 'invalid', reason: 'empty' });
    expect(parseScannedCode(undefined)).toEqual({ kind: 'invalid', reason: 'empty' });
    expect(parseScannedCode(42)).toEqual({ kind: 'invalid', reason: 'empty' });
    expect(parseScannedCode('x'.repeat(3000))).toEqual({ kind: 'invalid', reason: 'too_long' });
    expect(parseScannedCode('https://weixin.qq.com/')).toEqual({ kind: 'invalid', reason: 'unrecognised' });
    expect(parseScannedCode(code.slice(0, -2))).toEqual({ kind: 'invalid', reason: 'unrecognised' });
    expect(parseScannedCode('s.abc')).toEqual({ kind: 'invalid', reason: 'unrecognised' });
    expect(parseScannedCode('?code=%E0%A4%A')).toEqual({ kind: 'invalid', reason: 'unrecognised' });
  });

  it('never confuses the two kinds', () => {
    expect(parseScannedCode(siteScene('r1abcdefg')).kind).toBe('site');
    expect(parseScannedCode(code).kind).toBe('rotating');
  });
});

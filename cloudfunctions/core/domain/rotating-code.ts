/**
 * Rotating check-in codes and static site codes — formats, derivation, verification, parsing.
 * see docs/checkin.md ("Code formats", "Rotating code: lifetime").
 *
 * This module runs in TWO places: the cloud functions (verification, `displayCode`) and the
 * organiser's phone in the mini-program, which derives the codes itself from the display key so the
 * QR keeps refreshing without network. Keep it portable: import nothing but `@noble/hashes`, no
 * Buffer, no node:crypto, no TextEncoder (older WeChat base libraries lack it — every string we MAC
 * is ASCII by construction, so `asciiBytes` below is enough).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';

// ---------------------------------------------------------------------------------------------
// Constants

export const CODE_PERIOD_DEFAULT_SEC = 15;
export const CODE_PERIOD_MIN_SEC = 5;
export const CODE_PERIOD_MAX_SEC = 60;
/** Truncated HMAC length: 9 bytes = 72 bits (≥ 48 required) = exactly 12 base64url characters. */
export const CODE_MAC_BYTES = 9;
/**
 * How far a code's window may start AFTER the verification instant and still be accepted: the
 * organiser's phone derives codes from its own clock, which may run a little ahead of the server.
 */
export const CODE_CLOCK_SKEW_DEFAULT_MS = 2_000;

/** Version tag of the rotating code format, and the domain-separation labels of the HMACs. */
const ROTATING_PREFIX = 'r1';
const SITE_PREFIX = 's';
const DISPLAY_KEY_LABEL = 'frontline-checkin/display-key/v1';
const CODE_MAC_LABEL = 'frontline-checkin/code/v1';

/** Ids we embed in codes: URL- and QR-safe, and free of the '.' separator. */
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const SITE_CODE_RE = /^[A-Za-z0-9_-]{4,30}$/;
const ROTATING_RE = /^r1\.([A-Za-z0-9_-]{1,64})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{12})$/;
const SITE_RE = /^s\.([A-Za-z0-9_-]{4,30})$/;
const MAX_RAW_LENGTH = 2048;

// ---------------------------------------------------------------------------------------------
// Small portable byte helpers

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding (RFC 4648 §5). */
export function bytesToBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64URL[(n >> 18) & 63] + B64URL[(n >> 12) & 63] + B64URL[(n >> 6) & 63] + B64URL[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64URL[(n >> 18) & 63] + B64URL[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64URL[(n >> 18) & 63] + B64URL[(n >> 12) & 63] + B64URL[(n >> 6) & 63];
  }
  return out;
}

/** Strict base64url decoding (no padding, no other alphabet); throws on malformed input. */
export function base64urlToBytes(s: string): Uint8Array {
  if (s.length % 4 === 1) throw new Error('base64url: impossible length');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const v = B64URL.indexOf(s[i]);
    if (v < 0) throw new Error('base64url: bad character');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Non-canonical trailing bits would let two strings decode to the same key.
  if ((acc & ((1 << bits) - 1)) !== 0) throw new Error('base64url: non-canonical trailing bits');
  return out;
}

function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7e || c < 0x20) throw new Error('asciiBytes: non-printable-ASCII input');
    out[i] = c;
  }
  return out;
}

/** Constant-time equality of two equal-length strings (length itself is public: it is fixed). */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

// ---------------------------------------------------------------------------------------------
// Period and windows

/**
 * The code period of an activity in ms. `undefined`/`null` → the 15 s default. Out-of-range values
 * are a programming error (the contract schema bounds `codePeriodSec` to 5..60), so they throw.
 */
export function codePeriodMs(codePeriodSec?: number | null): number {
  if (codePeriodSec === undefined || codePeriodSec === null) return CODE_PERIOD_DEFAULT_SEC * 1000;
  if (
    !Number.isInteger(codePeriodSec) ||
    codePeriodSec < CODE_PERIOD_MIN_SEC ||
    codePeriodSec > CODE_PERIOD_MAX_SEC
  ) {
    throw new RangeError(
      `codePeriodSec must be an integer in ${CODE_PERIOD_MIN_SEC}..${CODE_PERIOD_MAX_SEC}`,
    );
  }
  return codePeriodSec * 1000;
}

function assertPeriodMs(periodMs: number): void {
  if (
    !Number.isInteger(periodMs) ||
    periodMs < CODE_PERIOD_MIN_SEC * 1000 ||
    periodMs > CODE_PERIOD_MAX_SEC * 1000 ||
    periodMs % 1000 !== 0
  ) {
    throw new RangeError('periodMs must be a whole number of seconds in 5..60 s');
  }
}

/** Window index of instant t: floor(t / period). */
export function windowIndex(t: number, periodMs: number): number {
  assertPeriodMs(periodMs);
  return Math.floor(t / periodMs);
}

/** The instant window w starts (= when its code appears on the display). */
export function windowStart(w: number, periodMs: number): number {
  return w * periodMs;
}

// ---------------------------------------------------------------------------------------------
// Keys

/** A fresh per-activity secret: 32 random bytes, base64url (43 chars). Server side only. */
export function newActivitySecret(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(32);
  if (bytes.length !== 32) throw new Error('random source returned the wrong length');
  return bytesToBase64url(bytes);
}

/**
 * The display key handed to the organiser's phone: HMAC-SHA-256(secret, label | activityId).
 * It can produce codes for this one activity and nothing else; the secret itself never leaves the
 * server, so other keys derived from it later (other purposes, other labels) stay server-only.
 * see docs/checkin.md ("Display key").
 */
export function deriveDisplayKey(secret: string, activityId: string): string {
  assertId(activityId);
  const key = base64urlToBytes(secret);
  if (key.length !== 32) throw new Error('activity secret must be 32 bytes');
  return bytesToBase64url(hmac(sha256, key, asciiBytes(`${DISPLAY_KEY_LABEL}|${activityId}`)));
}

function assertId(activityId: string): void {
  if (!ID_RE.test(activityId)) throw new Error('activity id is not code-safe ([A-Za-z0-9_-]{1,64})');
}

function macFor(displayKey: string, activityId: string, periodMs: number, w: number): string {
  const key = base64urlToBytes(displayKey);
  if (key.length !== 32) throw new Error('display key must be 32 bytes');
  // The period is bound into the MAC: if the organiser changes it, codes minted under the old period
  // stop verifying instead of being read with the wrong window arithmetic.
  const msg = asciiBytes(`${CODE_MAC_LABEL}|${activityId}|${periodMs / 1000}|${w}`);
  return bytesToBase64url(hmac(sha256, key, msg).subarray(0, CODE_MAC_BYTES));
}

// ---------------------------------------------------------------------------------------------
// Minting (display side)

export interface MintedCode {
  /** The QR payload: `r1.<activityId>.<window base36>.<mac>`. */
  code: string;
  window: number;
  /** When this code appeared on the display. */
  windowStart: number;
  /** When the display replaces it with the next one (the countdown target; `expiresAt` in the API). */
  windowEnd: number;
  /** Last instant (exclusive) the server still accepts it: one grace window after windowEnd. */
  acceptedUntil: number;
}

/** The code on display at instant t. Pass the server-corrected clock on the phone. */
export function mintCode(displayKey: string, activityId: string, periodMs: number, t: number): MintedCode {
  assertId(activityId);
  const w = windowIndex(t, periodMs);
  return mintCodeForWindow(displayKey, activityId, periodMs, w);
}

export function mintCodeForWindow(
  displayKey: string,
  activityId: string,
  periodMs: number,
  w: number,
): MintedCode {
  assertId(activityId);
  assertPeriodMs(periodMs);
  if (!Number.isSafeInteger(w) || w < 0) throw new RangeError('window must be a non-negative integer');
  const start = windowStart(w, periodMs);
  return {
    code: `${ROTATING_PREFIX}.${activityId}.${w.toString(36)}.${macFor(displayKey, activityId, periodMs, w)}`,
    window: w,
    windowStart: start,
    windowEnd: start + periodMs,
    acceptedUntil: start + 2 * periodMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Verification (server side)

export type CodeVerification =
  | { ok: true; window: number; windowStart: number }
  | {
      ok: false;
      code: 'CODE_INVALID' | 'CODE_EXPIRED';
      reason: 'malformed' | 'other_activity' | 'bad_signature' | 'future_window' | 'expired';
    };

export interface VerifyCodeInput {
  /** The raw scanned rotating code (`r1.…`), not a URL — run parseScannedCode first for URLs. */
  code: string;
  activityId: string;
  /** The activity secret (server) — the display key is derived from it. */
  secret: string;
  periodMs: number;
  /** The instant the scan is judged at (server now, or an honoured offline scan time). */
  at: number;
  clockSkewMs?: number;
}

/**
 * A code of window w is accepted at instant `at` iff
 *     windowStart(w) − clockSkewMs ≤ at < windowStart(w) + 2·period
 * i.e. during its own window and the whole next one (the grace window), plus a small tolerance for
 * an organiser phone whose clock runs ahead. Earlier → CODE_INVALID (future_window), later →
 * CODE_EXPIRED. The signature is checked before the time so a forged code never learns anything
 * about time. see docs/checkin.md ("Rotating code: lifetime").
 */
export function verifyRotatingCode(input: VerifyCodeInput): CodeVerification {
  const { code, activityId, secret, periodMs, at } = input;
  const skew = input.clockSkewMs ?? CODE_CLOCK_SKEW_DEFAULT_MS;
  const parsed = parseRotatingCode(code);
  if (!parsed) return { ok: false, code: 'CODE_INVALID', reason: 'malformed' };
  if (parsed.activityId !== activityId) return { ok: false, code: 'CODE_INVALID', reason: 'other_activity' };
  const expected = macFor(deriveDisplayKey(secret, activityId), activityId, periodMs, parsed.window);
  if (!constantTimeEqual(parsed.mac, expected)) {
    return { ok: false, code: 'CODE_INVALID', reason: 'bad_signature' };
  }
  const start = windowStart(parsed.window, periodMs);
  if (at < start - skew) return { ok: false, code: 'CODE_INVALID', reason: 'future_window' };
  if (at >= start + 2 * periodMs) return { ok: false, code: 'CODE_EXPIRED', reason: 'expired' };
  return { ok: true, window: parsed.window, windowStart: start };
}

// ---------------------------------------------------------------------------------------------
// Site codes

/** A new short site code (10 base64url chars = 60 random bits); the database keeps it unique. */
export function newSiteCode(random: (n: number) => Uint8Array = randomBytes): string {
  // 8 bytes → 11 chars; keep the first 10 so no character carries padding-only bits.
  return bytesToBase64url(random(8)).slice(0, 10);
}

/** The `scene` of a site's mini-program code (≤ 32 visible chars, WeChat's allowed set). */
export function siteScene(siteCode: string): string {
  if (!SITE_CODE_RE.test(siteCode)) throw new Error('site code must match [A-Za-z0-9_-]{4,30}');
  return `${SITE_PREFIX}.${siteCode}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing what a member scanned

export interface ParsedRotatingCode {
  kind: 'rotating';
  code: string;
  activityId: string;
  window: number;
  mac: string;
}
export interface ParsedSiteCode {
  kind: 'site';
  siteCode: string;
}
export interface InvalidScannedCode {
  kind: 'invalid';
  reason: 'empty' | 'too_long' | 'unrecognised';
}
export type ScannedCode = ParsedRotatingCode | ParsedSiteCode | InvalidScannedCode;

function parseRotatingCode(s: string): ParsedRotatingCode | null {
  const m = ROTATING_RE.exec(s);
  if (!m) return null;
  const window = parseInt(m[2], 36);
  // Canonical form only: '0a' and 'a' must not be two spellings of one code.
  if (!Number.isSafeInteger(window) || window.toString(36) !== m[2]) return null;
  return { kind: 'rotating', code: s, activityId: m[1], window, mac: m[3] };
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * Accepts a bare rotating code, a bare site scene, or a URL / path / query string carrying one in
 * `code=`, `scene=` (mini-program code, URL-encoded by WeChat) or `q=` (a "plain QR opens the
 * mini-program" link, whose value is itself a URL). Never throws.
 */
export function parseScannedCode(raw: unknown): ScannedCode {
  return parseAt(raw, 0);
}

function parseAt(raw: unknown, depth: number): ScannedCode {
  if (typeof raw !== 'string') return { kind: 'invalid', reason: 'empty' };
  const s = raw.trim();
  if (s === '') return { kind: 'invalid', reason: 'empty' };
  if (s.length > MAX_RAW_LENGTH) return { kind: 'invalid', reason: 'too_long' };
  const rotating = parseRotatingCode(s);
  if (rotating) return rotating;
  const site = SITE_RE.exec(s);
  if (site) return { kind: 'site', siteCode: site[1] };
  if (depth >= 2) return { kind: 'invalid', reason: 'unrecognised' };

  const params = queryParams(s);
  for (const key of ['code', 'scene', 'q']) {
    const v = params.get(key);
    if (v === undefined) continue;
    const decoded = safeDecode(v);
    if (decoded === null) continue;
    const inner = parseAt(decoded, depth + 1);
    if (inner.kind !== 'invalid') return inner;
  }
  // A value that was already decoded once by the platform may arrive as `scene=s.abcd` literally.
  const decodedWhole = safeDecode(s);
  if (decodedWhole !== null && decodedWhole !== s) return parseAt(decodedWhole, depth + 1);
  return { kind: 'invalid', reason: 'unrecognised' };
}

/** key → raw (still percent-encoded) value of every `k=v` pair after the first '?' (or '#…?'). */
function queryParams(s: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = s.indexOf('?');
  const query = q >= 0 ? s.slice(q + 1) : s;
  for (const part of query.split(/[&#]/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    if (!out.has(key)) out.set(key, part.slice(eq + 1));
  }
  return out;
}

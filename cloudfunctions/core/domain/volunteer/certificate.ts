/**
 * Certificates (志愿服务证明; docs/volunteer.md "Certificate"). The content is frozen when issued and
 * carries an HMAC-SHA-256 over its canonical form, keyed by a server secret. The verification code
 * the member hands out is derived from that MAC, so:
 * - a wrong number or code (forged) matches nothing → CERTIFICATE_INVALID;
 * - a stored content changed afterwards (altered) no longer matches its MAC → CERTIFICATE_INVALID;
 * - a ledger changed afterwards never changes an issued certificate (it holds its own copy).
 * Pure: the secret and the clock are arguments.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { HoursKind, THoursTotals } from '../../../../types/volunteer';

export interface CertificateContent {
  certificateNo: string;
  memberId: string;
  name: string;
  staffNoMasked: string;
  teamId: string;
  team: string;
  from: number;
  to: number;
  hours: THoursTotals;
  events: { title: string; date: number; hours: number; kind: HoursKind }[];
  issuedAt: number;
  issuedBy: string;
}

/** JSON with object keys sorted at every level: the same content always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function certificateMac(content: CertificateContent, secret: Uint8Array): string {
  return hex(hmac(sha256, secret, new TextEncoder().encode(`certificate:v1:${canonicalJson(content)}`)));
}

/** Crockford base32 without I, L, O, U: read aloud or typed from paper without confusion. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The 10-character verification code (50 bits) printed on the certificate: derived from the MAC. */
export function verifyCodeOf(mac: string): string {
  const bytes = mac.slice(0, 16);
  let n = BigInt(`0x${bytes}`);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

/** Typed codes are forgiving: case, spaces and dashes ignored; I/L → 1, O → 0. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** Constant-time string comparison (a wrong code must not leak how much of it was right). */
export function sameCode(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

/** `XFLH-20261203-8F3K2Q`: prefix, Shanghai issue date, 6 random base32 characters. */
export function certificateNumber(issuedDay: string, random: Uint8Array): string {
  let tail = '';
  for (let i = 0; i < 6; i++) tail += ALPHABET[random[i] & 31];
  return `XFLH-${issuedDay.replace(/-/g, '')}-${tail}`;
}

export type Verification = { valid: true } | { valid: false; reason: 'unknown' | 'wrong_code' | 'altered' };

/**
 * A stored certificate against the number/code someone typed. The MAC is recomputed from the stored
 * content: content edited in the database after issue fails here even with the right code.
 */
export function verifyCertificate(
  stored: { content: CertificateContent; mac: string } | null,
  verifyCode: string,
  secret: Uint8Array,
): Verification {
  if (!stored) return { valid: false, reason: 'unknown' };
  const mac = certificateMac(stored.content, secret);
  if (!sameCode(mac, stored.mac)) return { valid: false, reason: 'altered' };
  if (!sameCode(verifyCodeOf(mac), normaliseCode(verifyCode))) return { valid: false, reason: 'wrong_code' };
  return { valid: true };
}

/** 张三 → 张*, 欧阳红 → 欧*红, 司马相如 → 司**如: what an anonymous verifier sees. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

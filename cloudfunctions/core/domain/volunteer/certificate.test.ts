import {
  canonicalJson,
  certificateMac,
  certificateNumber,
  maskName,
  normaliseCode,
  verifyCertificate,
  verifyCodeOf,
  type CertificateContent,
} from './certificate';
import { reportDateRefusal, looksLike } from './report';

const secret = new TextEncoder().encode('test-secret-0123456789abcdef');
const content: CertificateContent = {
  certificateNo: 'XFLH-20261203-ABCDEF',
  memberId: 'm1',
  name: '欧阳红',
  staffNoMasked: '20****31',
  teamId: 't1',
  team: '先锋领航志愿服务队',
  from: 1,
  to: 2,
  hours: { verified: 3, added: 0.5, reported: 1, total: 4.5 },
  events: [{ title: '社区义诊', date: 1, hours: 3, kind: 'verified' }],
  issuedAt: 3,
  issuedBy: 'm1',
};

describe('certificate', () => {
  const mac = certificateMac(content, secret);
  const code = verifyCodeOf(mac);
  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(canonicalJson({ a: [{ c: 2, d: 1 }], b: 1 }));
  });
  it('a genuine certificate verifies (code typed in lower case with a dash)', () => {
    expect(verifyCertificate({ content, mac }, code, secret)).toEqual({ valid: true });
    expect(
      verifyCertificate({ content, mac }, `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`, secret).valid,
    ).toBe(true);
  });
  it('a forged code, an unknown number, an altered content, another key all fail', () => {
    const wrong = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    expect(verifyCertificate({ content, mac }, wrong, secret)).toEqual({
      valid: false,
      reason: 'wrong_code',
    });
    expect(verifyCertificate(null, code, secret)).toEqual({ valid: false, reason: 'unknown' });
    const altered = { ...content, hours: { ...content.hours, total: 45 } };
    expect(verifyCertificate({ content: altered, mac }, code, secret)).toEqual({
      valid: false,
      reason: 'altered',
    });
    expect(
      verifyCertificate({ content, mac }, code, new TextEncoder().encode('another-secret-xxxxxxxx')).valid,
    ).toBe(false);
  });
  it('codes are 10 characters of Crockford base32; I/L/O typed for 1/1/0', () => {
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(normaliseCode('il-o 1')).toBe('1101');
  });
  it('numbers carry the issue day', () => {
    expect(certificateNumber('2026-12-03', new Uint8Array([0, 1, 2, 3, 4, 31]))).toBe('XFLH-20261203-01234Z');
  });
  it('masks names for anonymous verifiers', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳红')).toBe('欧*红');
    expect(maskName('司马相如')).toBe('司**如');
    expect(maskName('王')).toBe('*');
  });
});

describe('reportDateRefusal', () => {
  const now = Date.UTC(2026, 11, 3, 2, 0, 0); // 2026-12-03 10:00 Shanghai
  const endOfToday = Date.UTC(2026, 11, 3, 15, 59, 59, 999);
  it('today (Shanghai) is fine up to its last millisecond; tomorrow is future', () => {
    expect(reportDateRefusal(endOfToday, now)).toBeNull();
    expect(reportDateRefusal(endOfToday + 1, now)).toBe('future');
  });
  it('366 days back is fine; 1 ms more is too old', () => {
    const limit = now - 366 * 24 * 3_600_000;
    expect(reportDateRefusal(limit, now)).toBeNull();
    expect(reportDateRefusal(limit - 1, now)).toBe('too_old');
  });
  it('checks photo magic bytes', () => {
    expect(looksLike('image/jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(looksLike('image/png', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe(false);
  });
});

import { qrPlan } from './qr-plan';

/** The display's QR and its words always agree (docs/checkin.md "Scanning with WeChat's own scanner"). */
describe('qrPlan (weapp)', () => {
  const code = 'r1.act_1.1jx2k0.Hq3f0b-Zp9_a';
  it('with a registered prefix: a plain link WeChat’s scanner opens, and says so', () => {
    expect(qrPlan(code, 'https://dangjian.example.edu.cn/fb/checkin')).toEqual({
      text: `https://dangjian.example.edu.cn/fb/checkin?code=${code}`,
      hint: '请用微信扫一扫',
    });
  });
  it('without one: the bare code, and tells members to scan inside the app', () => {
    const plan = qrPlan(code, '');
    expect(plan.text).toBe(code);
    expect(plan.hint).not.toContain('微信扫一扫');
    expect(plan.hint).toContain('扫码签到');
  });
});

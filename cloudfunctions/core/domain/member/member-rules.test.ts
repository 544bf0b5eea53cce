import { carriesPrivilege, mayApproveBinding, rolesAfterHolderLeaves } from './holder';
import { maskPhone, maskStaffNo, maySeeContact } from './privacy';
import { checkRosterRows, normalisePhone, normaliseStaffNo } from './roster';
import { BIND_THROTTLE, throttleDecision, withFailure } from './throttle';

describe('maskPhone / maskStaffNo', () => {
  it('keeps the first 3 and last 4 digits of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('12345')).toBe('*****');
  });
  it('keeps the first and last 2 characters of a staff number', () => {
    expect(maskStaffNo('20231531')).toBe('20****31');
    expect(maskStaffNo('T0012')).toBe('T0****12');
    expect(maskStaffNo('1234')).toBe('****');
  });
});

describe('maySeeContact', () => {
  const subject = { id: 'm1', branchId: 'b1' };
  it('the member themself, the secretary of their branch and admins; nobody else', () => {
    expect(maySeeContact({ memberId: 'm1', isAdmin: false, secretaryOf: null }, subject)).toBe(true);
    expect(maySeeContact({ memberId: 'm2', isAdmin: false, secretaryOf: 'b1' }, subject)).toBe(true);
    expect(maySeeContact({ memberId: null, isAdmin: true, secretaryOf: null }, subject)).toBe(true);
    expect(maySeeContact({ memberId: 'm2', isAdmin: false, secretaryOf: 'b2' }, subject)).toBe(false);
    expect(maySeeContact({ memberId: 'm2', isAdmin: false, secretaryOf: null }, subject)).toBe(false);
  });
});

describe('roster rows', () => {
  it('normalises phones (+86, spaces, dashes) and refuses non-mobile numbers', () => {
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalisePhone('8613812345678')).toBe('13812345678');
    expect(normalisePhone('12812345678')).toBeNull();
    expect(normalisePhone('1381234567')).toBeNull();
  });
  it('staff numbers are upper-cased, 3–32 of letters, digits and dashes', () => {
    expect(normaliseStaffNo(' t2020-01 ')).toBe('T2020-01');
    expect(normaliseStaffNo('12')).toBeNull();
    expect(normaliseStaffNo('20 20')).toBeNull();
  });
  it('reports the first problem of each row; the first occurrence of a number wins', () => {
    const r = checkRosterRows([
      { name: '甲', staffNo: 'A001' },
      { name: '乙', staffNo: 'a001' },
      { name: ' ', staffNo: 'A002' },
      { name: '丙', staffNo: 'A003', phone: '110' },
      { name: '丁', staffNo: null },
    ]);
    expect(r.good.map((g) => g.staffNo)).toEqual(['A001']);
    expect(r.errors).toEqual([
      { row: 1, code: 'DUPLICATE_IN_FILE' },
      { row: 2, code: 'NAME_REQUIRED' },
      { row: 3, code: 'PHONE_INVALID' },
      { row: 4, code: 'STAFF_NO_REQUIRED' },
    ]);
  });
});

describe('bind throttle', () => {
  const H = BIND_THROTTLE.windowMs;
  it('allows 5 failures within an hour, refuses the 6th attempt until the oldest leaves the window', () => {
    let f: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(throttleDecision(f, 1000 + i, BIND_THROTTLE)).toEqual({ allow: true });
      f = withFailure(f, 1000 + i, BIND_THROTTLE);
    }
    expect(throttleDecision(f, 2000, BIND_THROTTLE)).toEqual({ allow: false, retryAt: 1000 + H });
    expect(throttleDecision(f, 1000 + H - 1, BIND_THROTTLE).allow).toBe(false);
    expect(throttleDecision(f, 1000 + H, BIND_THROTTLE)).toEqual({ allow: true });
  });
  it('keeps at most `limit` failures', () => {
    let f: number[] = [];
    for (let i = 0; i < 9; i++) f = withFailure(f, i, BIND_THROTTLE);
    expect(f).toEqual([4, 5, 6, 7, 8]);
  });
});

describe('holder rules (S-19: privileges never travel with a row)', () => {
  it('a row whose holder leaves keeps only member', () => {
    expect(rolesAfterHolderLeaves()).toEqual(['member']);
  });
  it('secretary and admin are privileged, member is not', () => {
    expect(carriesPrivilege(['member'])).toBe(false);
    expect(carriesPrivilege(['member', 'secretary'])).toBe(true);
    expect(carriesPrivilege(['member', 'admin'])).toBe(true);
  });
  it('the branch secretary approves plain rows only; admins approve any', () => {
    const sec = { isAdmin: false, secretaryOf: 'b1' };
    expect(mayApproveBinding(sec, { branchId: 'b1', roles: ['member'] })).toBe(true);
    expect(mayApproveBinding(sec, { branchId: 'b1', roles: ['member', 'admin'] })).toBe(false);
    expect(mayApproveBinding(sec, { branchId: 'b1', roles: ['member', 'secretary'] })).toBe(false);
    expect(mayApproveBinding(sec, { branchId: 'b2', roles: ['member'] })).toBe(false);
    expect(
      mayApproveBinding({ isAdmin: true, secretaryOf: null }, { branchId: 'b1', roles: ['member', 'admin'] }),
    ).toBe(true);
  });
});

import { canSetRoles, normaliseRoles } from './roles';

describe('normaliseRoles', () => {
  it('always keeps member, in the contract order, without repeats', () => {
    expect(normaliseRoles([])).toEqual(['member']);
    expect(normaliseRoles(['admin', 'secretary', 'admin'])).toEqual(['member', 'secretary', 'admin']);
    expect(normaliseRoles(['member', 'member'])).toEqual(['member']);
  });
});

describe('canSetRoles', () => {
  const admin = { memberId: 'a', bootstrapAdmin: false };
  const row = (id: string, status = 'active') => ({ id, status });

  it('refuses a row that has left', () => {
    expect(canSetRoles(admin, row('m', 'left'), ['member'])).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('lets an admin change another row, pending or active', () => {
    expect(canSetRoles(admin, row('m'), ['member'])).toEqual({ ok: true });
    expect(canSetRoles(admin, row('m', 'pending'), ['member', 'secretary'])).toEqual({ ok: true });
  });

  it('refuses an admin removing their own admin role, allows keeping it', () => {
    expect(canSetRoles(admin, row('a'), ['member', 'secretary'])).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: 'an admin cannot remove their own admin role',
    });
    expect(canSetRoles(admin, row('a'), ['member', 'admin'])).toEqual({ ok: true });
  });

  it('lets a bootstrap admin drop admin from their own row (they stay admin by APP_ADMIN_OPENIDS)', () => {
    expect(canSetRoles({ memberId: 'a', bootstrapAdmin: true }, row('a'), ['member'])).toEqual({ ok: true });
  });
});

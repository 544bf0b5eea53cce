import { canManualAdd } from './manual-add';

describe('canManualAdd', () => {
  const a = { startAt: 1_000_000, status: 'scheduled' };

  it('refuses the actor adding themselves, even an admin with a roster row', () => {
    expect(canManualAdd(a, 'sec', 'sec', a.startAt + 1)).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      details: { reason: 'self_review' },
    });
  });

  it('lets another staff member (or a bootstrap admin without a row) add from the start on', () => {
    expect(canManualAdd(a, 'sec2', 'sec', a.startAt)).toEqual({ ok: true });
    expect(canManualAdd(a, null, 'sec', a.startAt + 30 * 86_400_000)).toEqual({ ok: true });
  });

  it('refuses before the start (the last millisecond before) and on a cancelled activity', () => {
    expect(canManualAdd(a, 'sec2', 'm', a.startAt - 1)).toMatchObject({ ok: false, code: 'OUTSIDE_WINDOW' });
    expect(canManualAdd({ ...a, status: 'cancelled' }, 'sec2', 'm', a.startAt + 1)).toMatchObject({
      ok: false,
      code: 'ACTIVITY_CANCELLED',
    });
  });
});

import { lockedFields } from './edits';

describe('lockedFields (what an activity edit may change)', () => {
  const startAt = Date.UTC(2026, 11, 3, 6, 30);
  const a = { startAt, status: 'scheduled' };

  it('allows every field before the start', () => {
    expect(lockedFields(a, { activityId: 'x', title: 't', startAt: 1, checkin: {} }, startAt - 1)).toEqual(
      [],
    );
  });

  it('from exactly the start, allows only title and description', () => {
    expect(lockedFields(a, { activityId: 'x', title: 't', description: 'd' }, startAt)).toEqual([]);
    expect(lockedFields(a, { title: 't', siteId: 's', endAt: 2, checkin: {} }, startAt)).toEqual([
      'siteId',
      'endAt',
      'checkin',
    ]);
  });

  it('ignores fields left undefined', () => {
    expect(lockedFields(a, { title: 't', startAt: undefined }, startAt + 1)).toEqual([]);
  });

  it('locks everything of a cancelled activity', () => {
    expect(lockedFields({ ...a, status: 'cancelled' }, { title: 't' }, startAt - 1)).toEqual(['title']);
  });
});

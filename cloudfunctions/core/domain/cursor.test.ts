import { isDomainError } from '../errors';
import { keyCursor, parseKeyCursor } from './cursor';

/** The refusal a bad cursor gets: INVALID_ARGUMENT naming `payload.cursor` and the action. */
function refusal(cursor: string): unknown {
  try {
    parseKeyCursor(cursor, 'list');
  } catch (e) {
    if (isDomainError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  return 'accepted';
}

describe('keyCursor / parseKeyCursor', () => {
  it('reads back what it wrote, ids with dots included', () => {
    expect(parseKeyCursor(keyCursor(1_764_000_000_000, 'p-1'), 'list')).toEqual({
      at: 1_764_000_000_000,
      id: 'p-1',
    });
    expect(parseKeyCursor(keyCursor(0, 'a.b.c'), 'list')).toEqual({ at: 0, id: 'a.b.c' });
    expect(parseKeyCursor(keyCursor(-5, 'x'), 'list')).toEqual({ at: -5, id: 'x' });
  });

  it.each([
    ['no dot', 'abc'],
    ['nothing before the dot', '.abc'],
    ['nothing after the dot', '123.'],
    ['not a number', 'x.y'],
    ['a number written another way', '1e3.p'],
    ['a padded number', ' 12.p'],
    ['past a safe integer', '99999999999999999.p'],
    ['empty', ''],
  ])('refuses %s', (_, cursor) => {
    expect(refusal(cursor)).toEqual({
      code: 'INVALID_ARGUMENT',
      details: { fields: [{ path: 'payload.cursor', message: 'not a cursor from list' }] },
    });
  });
});

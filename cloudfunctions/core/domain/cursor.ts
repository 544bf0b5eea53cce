import { DomainError } from '../errors';

/**
 * The keyset cursor of a list ordered by an integer (a time, a date) then `_id`: `<at>.<id>`. The
 * client hands it back unchanged; anything else is INVALID_ARGUMENT on `payload.cursor`.
 */
export const keyCursor = (at: number, id: string): string => `${at}.${id}`;

/** Reads back a `keyCursor`; `from` names the action in the refusal ("not a cursor from list"). */
export function parseKeyCursor(cursor: string, from: string): { at: number; id: string } {
  const dot = cursor.indexOf('.');
  const at = Number(cursor.slice(0, dot));
  const id = cursor.slice(dot + 1);
  if (dot < 0 || !Number.isSafeInteger(at) || !id)
    throw new DomainError('INVALID_ARGUMENT', 'invalid argument: payload.cursor', {
      fields: [{ path: 'payload.cursor', message: `not a cursor from ${from}` }],
    });
  return { at, id };
}

import { invalid } from '../errors';

/**
 * The keyset cursor of a list ordered by an integer (a time, a date) then `_id`: `<at>.<id>`. The
 * client hands it back unchanged; anything else is INVALID_ARGUMENT on `payload.cursor`.
 */
export const keyCursor = (at: number, id: string): string => `${at}.${id}`;

/** Reads back a `keyCursor`; `from` names the action in the refusal ("not a cursor from list"). */
export function parseKeyCursor(cursor: string, from: string): { at: number; id: string } {
  const m = /^(-?\d{1,16})\.(.+)$/s.exec(cursor);
  const at = m ? Number(m[1]) : NaN;
  if (!m || !Number.isSafeInteger(at)) throw invalid('payload.cursor', `not a cursor from ${from}`);
  return { at, id: m[2] };
}

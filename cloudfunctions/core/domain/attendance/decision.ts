import type { ErrorCode } from '../../../../types/errors';

/**
 * What a rule answers. Rules never throw for an expected refusal: the caller (a service) turns a
 * refusal into `DomainError(code, message, details)` and the envelope wrapper does the rest.
 */
export type Refusal = { ok: false; code: ErrorCode; message: string; details?: Record<string, unknown> };
export type Allowed<T = object> = { ok: true } & T;
export type Decision<T = object> = Allowed<T> | Refusal;

export function allow(): Allowed;
export function allow<T extends object>(extra: T): Allowed<T>;
export function allow<T extends object>(extra?: T): Allowed<T> {
  return { ok: true, ...(extra as T) };
}

export function refuse(code: ErrorCode, message: string, details?: Record<string, unknown>): Refusal {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

/** INVALID_ARGUMENT in the team's shape: details `{ fields: [{ path, message }] }`. */
export function invalidField(path: string, message: string): Refusal {
  return refuse('INVALID_ARGUMENT', `${path}: ${message}`, { fields: [{ path, message }] });
}

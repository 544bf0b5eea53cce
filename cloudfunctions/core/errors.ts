import type { ErrorCode } from '../../types/errors';

/**
 * An expected refusal: the envelope wrapper answers it as `{ ok: false, error: { code, message, details } }`.
 * `message` is for developers and logs of the client (the mini-program shows its own Chinese text per
 * code); never put personal data (names, phones, staff numbers, openids) in it.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** INVALID_ARGUMENT naming one field, in the envelope's shape: details `{ fields: [{ path, message }] }`. */
export function invalid(path: string, message: string): DomainError {
  return new DomainError('INVALID_ARGUMENT', `${path}: ${message}`, { fields: [{ path, message }] });
}

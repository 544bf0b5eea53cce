import { randomUUID } from 'node:crypto';
import { ZodError, type z } from 'zod';
import type { ApiError, Envelope, FieldIssue } from '../../types/envelope';
import { DomainError } from './errors';
import { logError } from './log';

export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data };
}

export function fail(
  code: ApiError['code'],
  message: string,
  details?: ApiError['details'],
): Envelope<never> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}

export function newRequestId(): string {
  return randomUUID();
}

/**
 * Every bad field of a zod error as `{ path, message }`, paths dotted and prefixed (`payload.rows.3.phone`).
 * A strict object's unknown keys become one entry per key.
 */
export function zodFields(err: ZodError | { issues: z.core.$ZodIssue[] }, prefix = ''): FieldIssue[] {
  const fields: FieldIssue[] = [];
  const join = (parts: PropertyKey[]) => [prefix, ...parts.map(String)].filter((p) => p !== '').join('.');
  for (const issue of err.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        fields.push({ path: join([...issue.path, key]), message: 'unknown field' });
    } else {
      fields.push({ path: join(issue.path) || prefix || '(root)', message: issue.message });
    }
  }
  return fields;
}

export function invalidArgument(fields: FieldIssue[]): Envelope<never> {
  return fail('INVALID_ARGUMENT', `invalid argument: ${fields.map((f) => f.path).join(', ')}`, { fields });
}

export interface WrapMeta {
  requestId: string;
  fn?: string;
  action?: string;
}

/**
 * Turns anything a handler throws into an envelope: DomainError → its code; ZodError →
 * INVALID_ARGUMENT naming every field; anything else → INTERNAL with the request id, logged
 * without personal data. Never rethrows.
 */
export function errorToEnvelope(err: unknown, meta: WrapMeta): Envelope<never> {
  if (err instanceof DomainError) {
    return fail(err.code, err.message, err.details);
  }
  if (err instanceof ZodError) {
    return invalidArgument(zodFields(err));
  }
  try {
    logError({ requestId: meta.requestId, fn: meta.fn, action: meta.action }, err);
  } catch {
    // logging must never turn an answer into a throw
  }
  return fail('INTERNAL', 'internal error', { requestId: meta.requestId });
}

export async function wrap<T>(meta: WrapMeta, run: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return ok(await run());
  } catch (err) {
    return errorToEnvelope(err, meta);
  }
}

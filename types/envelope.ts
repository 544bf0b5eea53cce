import type { ErrorCode } from './errors';

/** One bad field of an INVALID_ARGUMENT answer: `path` is dotted (`rows.3.phone`). */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: { fields?: FieldIssue[]; requestId?: string; [k: string]: unknown };
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** The event every cloud function receives. */
export interface ApiEvent<A extends string = string, P = unknown> {
  action: A;
  payload?: P;
}

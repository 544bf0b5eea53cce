/**
 * Structured logs, one JSON line each. Never pass payloads, documents or error messages that may
 * quote them (a duplicate-key error names the key's value): PIPL — no personal data in logs.
 */
export interface LogFields {
  requestId: string;
  fn?: string;
  action?: string;
  [k: string]: string | number | boolean | undefined;
}

export function logError(fields: LogFields, err: unknown): void {
  console.error(JSON.stringify({ level: 'error', ...fields, ...describeError(err) }));
}

export function logInfo(fields: LogFields): void {
  console.log(JSON.stringify({ level: 'info', ...fields }));
}

/** Error class, code and stack frames — without the message line, which may carry data. */
export function describeError(err: unknown): { errorName: string; errorCode?: string; stack?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const frames = (err.stack ?? '')
      .split('\n')
      .filter((l) => /^\s+at /.test(l))
      .slice(0, 8)
      .map((l) => l.trim())
      .join(' | ');
    return {
      errorName: err.name,
      errorCode: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
      stack: frames || undefined,
    };
  }
  return { errorName: typeof err };
}

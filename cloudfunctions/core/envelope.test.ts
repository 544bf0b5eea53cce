import * as z from 'zod';
import { errorToEnvelope, wrap, zodFields } from './envelope';
import { DomainError } from './errors';

describe('errorToEnvelope', () => {
  const meta = { requestId: 'req-1', fn: 'member', action: 'bind' };

  it('answers a DomainError with its code, message and details', () => {
    const env = errorToEnvelope(
      new DomainError('ROSTER_NO_MATCH', 'no roster row matches', { tries: 2 }),
      meta,
    );
    expect(env).toEqual({
      ok: false,
      error: { code: 'ROSTER_NO_MATCH', message: 'no roster row matches', details: { tries: 2 } },
    });
  });

  it('answers a DomainError without details with no details key', () => {
    const env = errorToEnvelope(new DomainError('FORBIDDEN', 'not allowed'), meta);
    expect(env).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'not allowed' } });
  });

  it('turns a ZodError into INVALID_ARGUMENT naming every bad field', () => {
    const schema = z.object({ a: z.number(), b: z.object({ c: z.string() }) }).strict();
    const r = schema.safeParse({ a: 'x', b: { c: 1 }, extra: true });
    expect(r.success).toBe(false);
    const env = errorToEnvelope(r.error, meta);
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('INVALID_ARGUMENT');
    expect(env.error.details?.fields?.map((f) => f.path).sort()).toEqual(['a', 'b.c', 'extra']);
  });

  it('answers anything else as INTERNAL with the request id and logs no payload data', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const secret = 'phone 13812345678 of 张三';
      const env = errorToEnvelope(new Error(secret), meta);
      expect(env).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'internal error', details: { requestId: 'req-1' } },
      });
      expect(spy).toHaveBeenCalledTimes(1);
      const logged = spy.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(logged).toContain('req-1');
      expect(logged).toContain('"action":"bind"');
      expect(logged).not.toContain('13812345678');
      expect(logged).not.toContain('张三');
    } finally {
      spy.mockRestore();
    }
  });

  it('survives non-Error throwables', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(errorToEnvelope('boom', meta)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(errorToEnvelope(undefined, meta)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('wrap', () => {
  it('answers ok with the value', async () => {
    await expect(wrap({ requestId: 'r' }, async () => 42)).resolves.toEqual({ ok: true, data: 42 });
  });
  it('never rejects', async () => {
    await expect(
      wrap({ requestId: 'r' }, async () => {
        throw new DomainError('CONFLICT', 'already decided');
      }),
    ).resolves.toEqual({ ok: false, error: { code: 'CONFLICT', message: 'already decided' } });
  });
});

describe('zodFields', () => {
  it('prefixes paths and names array indexes', () => {
    const r = z
      .object({ rows: z.array(z.object({ phone: z.string() })) })
      .safeParse({ rows: [{ phone: 'a' }, { phone: 3 }] });
    if (r.success) throw new Error('expected failure');
    expect(zodFields(r.error, 'payload')).toEqual([
      { path: 'payload.rows.1.phone', message: expect.any(String) },
    ]);
  });
  it('names the prefix itself when the root is wrong', () => {
    const r = z.object({}).strict().safeParse('text');
    if (r.success) throw new Error('expected failure');
    expect(zodFields(r.error, 'payload')).toEqual([{ path: 'payload', message: expect.any(String) }]);
  });
});

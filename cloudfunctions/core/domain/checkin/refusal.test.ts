import { DomainError } from '../../errors';
import { refusalError } from './refusal';

describe('refusalError', () => {
  it('carries the code and the machine reason in details', () => {
    const e = refusalError({ code: 'CODE_EXPIRED', reason: 'expired' });
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('CODE_EXPIRED');
    expect(e.details).toEqual({ reason: 'expired' });
    expect(e.message).toBe('the code has expired');
  });

  it('falls back to the code as message for an unknown reason', () => {
    expect(refusalError({ code: 'NOT_EXPECTED', reason: 'other' }).message).toBe('NOT_EXPECTED');
  });
});

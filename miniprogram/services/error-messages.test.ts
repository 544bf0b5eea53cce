import { ERROR_CODES } from '@contract/errors';
import { ERROR_MESSAGES, messageFor } from './error-messages';

describe('error messages', () => {
  it.each(ERROR_CODES)('has a Chinese message for %s', (code) => {
    const text = ERROR_MESSAGES[code];
    expect(typeof text).toBe('string');
    expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('has a distinct client-side NETWORK message', () => {
    expect(ERROR_MESSAGES.NETWORK).toMatch(/网络/);
    expect(ERROR_MESSAGES.NETWORK).not.toBe(ERROR_MESSAGES.INTERNAL);
  });

  it('falls back to the INTERNAL text for a code the client does not know yet', () => {
    expect(messageFor('SOMETHING_NEW')).toBe(ERROR_MESSAGES.INTERNAL);
  });
});

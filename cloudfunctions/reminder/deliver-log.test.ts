import type { Job } from './actions/deliver';

/**
 * Regression (security/REVIEW.md S-9): a batch that failed on a database error was logged with
 * `String(err)` — the error's message, which may quote key values (a duplicate-key error names the
 * member id / openid). Now the log line carries the error's class, code and stack frames and the
 * invocation's request id, never the message. The repository is replaced by one that fails with
 * such a message (the failure the timer tests cannot provoke); the run still counts it as failed.
 */
const PII = 'o_secretOpenid_4711';

afterEach(() => {
  jest.resetModules();
  jest.restoreAllMocks();
});

it('a failing batch logs the error class and code, never its message', async () => {
  jest.doMock('../core/repos/reminders', () => ({
    ...jest.requireActual('../core/repos/reminders'),
    claimReminders: async () => {
      const err = new Error(`E11000 duplicate key error: { openid: "${PII}", memberId: "m_wang" }`);
      (err as Error & { code: string }).code = 'DATABASE_DUPLICATE_WRITE';
      throw err;
    },
  }));
  const { deliver } = require('./actions/deliver') as typeof import('./actions/deliver');
  const lines: string[] = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  const job = (memberId: string): Job => ({
    claim: {
      activityId: 'a1',
      memberId,
      branchId: 'b1',
      kind: 'hour_before',
      templateKey: 'meetingReminder',
    },
    touser: `o_${memberId}`,
    templateId: 'tpl',
    page: 'pages/activity/index?id=a1',
    data: {},
  });
  const now = Date.now();
  const r = await deliver([job('m_wang'), job('m_li')], now, now + 60_000, 4, {
    requestId: 'req-s9',
    action: 'dispatch',
  });
  expect(r).toMatchObject({ sent: 0, failed: 2 });
  expect(lines).toHaveLength(1);
  const logged = lines.join('\n');
  expect(logged).not.toContain(PII);
  expect(logged).not.toContain('m_wang');
  expect(logged).not.toContain('duplicate key');
  expect(JSON.parse(lines[0])).toMatchObject({
    level: 'error',
    requestId: 'req-s9',
    fn: 'reminder',
    action: 'dispatch',
    batch: 2,
    errorName: 'Error',
    errorCode: 'DATABASE_DUPLICATE_WRITE',
  });
});

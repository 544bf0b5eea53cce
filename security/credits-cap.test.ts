import { useLocalCloud } from '../testing/cloud';
import { MAX_CREDITS_PER_TEMPLATE } from '../cloudfunctions/core/domain/reminder/credits';
import { addBranch, addMember, helpers } from './fixtures';

/**
 * Regression (security/REVIEW.md S-27): `reminder.subscribe` added +1 per report without a ceiling,
 * so a member could claim 10,000 consents. The ledger is the server's belief about how many
 * one-time consents WeChat holds for the person; it is capped per template at what a person can
 * plausibly have granted (MAX_CREDITS_PER_TEMPLATE), however many reports arrive.
 */
const cloud = useLocalCloud();
const t0 = Date.now();
const { call, ok, doc } = helpers(cloud);

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  await addMember(cloud, t0, 'm1');
}, 60_000);

it('caps a member’s credits per template however often they report a consent', async () => {
  expect(MAX_CREDITS_PER_TEMPLATE).toBeGreaterThanOrEqual(2);
  expect(MAX_CREDITS_PER_TEMPLATE).toBeLessThanOrEqual(50);
  let last: Record<string, number> = {};
  for (let i = 0; i < MAX_CREDITS_PER_TEMPLATE + 15; i++) {
    last = (
      await ok<{ credits: Record<string, number> }>(
        'reminder',
        'subscribe',
        { accepted: ['meetingReminder'] },
        'm1',
      )
    ).credits;
  }
  expect(last.meetingReminder).toBe(MAX_CREDITS_PER_TEMPLATE);
  expect((await doc('credits', 'm1:meetingReminder'))?.count).toBe(MAX_CREDITS_PER_TEMPLATE);
  const r = await call<{ credits: Record<string, number> }>('reminder', 'credits', {}, 'm1');
  expect(r).toMatchObject({ ok: true, data: { credits: { meetingReminder: MAX_CREDITS_PER_TEMPLATE } } });
}, 60_000);

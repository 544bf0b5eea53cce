/**
 * Round-trip budgets of the most used actions (issue 11): on CloudBase each database request is a
 * network round trip, so these counts are what a member waits for. Counted by the local cloud per
 * invocation (`x-db-requests`, emulator/README.md "Round trips per invocation"); the full table is
 * `npm run bench -- round-trips`. A change that adds a request to these paths fails here and must
 * say why (and update the budget, docs/checkin.md and bench/README.md).
 */
import { useLocalCloud } from '../testing/cloud';
import { addMeetingBranch } from '../testing/fixtures';
import type { TDisplayCodeOutput } from '../types/activity';
import type { TDispatchOutput } from '../types/reminder';

const cloud = useLocalCloud({
  env: {
    APP_TEMPLATE_MEETING_REMINDER: 'tpl-meeting-reminder',
    APP_TEMPLATE_MEETING_CANCELLED: 'tpl-meeting-cancelled',
    APP_TEMPLATE_TASK_REMINDER: 'tpl-task-reminder',
  },
});
const MINUTE = 60_000;
const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];

beforeAll(async () => {
  // a meeting in 10 minutes: the check-in window is open and its 60-minute reminder is due
  const t0 = Date.now();
  await addMeetingBranch(cloud, t0, {
    memberIds: IDS,
    startAt: t0 + 10 * MINUTE,
    activity: { title: '支部党员大会', approval: 'auto' },
  });
});

test('member.me is one database request: the caller’s roster row', async () => {
  for (const id of IDS) {
    const r = await cloud.callCounted('member', { action: 'me' }, `o_${id}`);
    expect(r.result.ok).toBe(true);
    expect(r).toMatchObject({ dbRequests: 1, openApiCalls: 0 });
  }
});

test('checkin.checkIn (new record) is at most 4: caller, activity and peers in parallel, insert', async () => {
  const shown = await cloud.call<TDisplayCodeOutput>(
    'activity',
    { action: 'displayCode', payload: { activityId: 'meet' } },
    'o_sec',
  );
  if (!shown.ok) throw new Error(JSON.stringify(shown.error));
  for (const id of IDS.slice(0, 4)) {
    const r = await cloud.callCounted(
      'checkin',
      {
        action: 'checkIn',
        payload: {
          code: shown.data.code,
          nonce: `budget-${id}-nonce`,
          deviceId: `dev-${id}`,
          location: { lat: 30.27 + IDS.indexOf(id) * 1e-3, lng: 120.15, accuracy: 15 },
        },
      },
      `o_${id}`,
    );
    expect(r.result.ok).toBe(true);
    expect(r.dbRequests).toBeLessThanOrEqual(4);
    expect(r.openApiCalls).toBe(0);
  }
  const stored = await cloud.db().collection('checkins').where({ activityId: 'meet' }).count();
  expect(stored.total).toBe(4);
});

test('the reminder dispatch makes one open-API call per message sent', async () => {
  for (const id of ['e', 'f'])
    await cloud.call(
      'reminder',
      { action: 'subscribe', payload: { accepted: ['meetingReminder'] } },
      `o_${id}`,
    );
  const fired = await cloud.fireTimer<{ ok: true; data: TDispatchOutput }>('reminder');
  expect(fired.result.data.sent).toBe(2); // a–d checked in already
  expect(fired.openApiCalls).toBe(2);
  expect((await cloud.outbox()).filter((e) => e.apiName === 'subscribeMessage.send')).toHaveLength(2);
});

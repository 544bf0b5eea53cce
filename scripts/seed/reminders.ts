/**
 * Demo data, reminders (issue 7): a meeting of br-neike (demo-sec-1's branch) starting 40 minutes
 * after the seed, so the `reminder` dispatch timer (every minute) has something to send right after
 * `npm start` — open `/__outbox` or the dev UI. Every other active member of the branch holds one credit
 * of each template (as if they had tapped 提醒我 before); the rest are "unreachable" and show on the
 * secretary's 会议提醒 page with their phones. Written in the stored shapes of core/repos.
 */
import type { SeedContext } from './members';
import { seedSecret } from './secret';

type App = { database(): { collection(name: string): { add(data: unknown): Promise<unknown> } } };

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export const REMINDER_DEMO_ACTIVITY = 'act-remind-soon';
const BRANCH = 'br-neike';

export interface SeedRemindersResult {
  activityId: string | null;
  startAt: number;
  credited: string[];
}

export async function seedReminders(
  app: App,
  ctx: SeedContext,
  now = Date.now(),
): Promise<SeedRemindersResult> {
  const db = app.database();
  const startAt = now + 40 * MIN;
  const secretary = ctx.secretaries.find((s) => s.branchId === BRANCH);
  if (!secretary) return { activityId: null, startAt, credited: [] };
  await db.collection('activities').add({
    _id: REMINDER_DEMO_ACTIVITY,
    branchId: BRANCH,
    type: 'group_meeting',
    title: '党小组会：一线攻坚项目进展交流（提醒演示）',
    siteId: null,
    startAt,
    endAt: startAt + 60 * MIN,
    status: 'scheduled',
    checkin: {
      proof: 'rotating',
      requireLocation: false,
      approval: 'risk',
      codePeriodSec: 15,
      checkOut: false,
    },
    description: '开会前一天和开始前一小时，订阅了提醒的成员会收到微信服务通知。',
    secret: seedSecret(REMINDER_DEMO_ACTIVITY),
    createdBy: secretary.memberId,
    createdAt: now - DAY,
    updatedAt: now - DAY,
  });
  const active = ctx.members.filter((m) => m.branchId === BRANCH && m.status === 'active' && m.openid);
  const credited = active.filter((_, i) => i % 2 === 0).map((m) => m.id);
  const docs = credited.flatMap((memberId) =>
    (['meetingReminder', 'meetingCancelled'] as const).map((templateKey) => ({
      _id: `${memberId}:${templateKey}`,
      memberId,
      templateKey,
      count: 1,
      acceptedAt: now - DAY,
      updatedAt: now - DAY,
    })),
  );
  if (docs.length > 0) await db.collection('credits').add(docs);
  return { activityId: REMINDER_DEMO_ACTIVITY, startAt, credited };
}

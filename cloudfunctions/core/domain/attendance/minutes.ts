import { allow, refuse, type Decision } from './decision';
import type { ActivityFacts, SiteFacts } from './model';
import type { RosterSummary } from './roster';

/**
 * Meeting minutes (会议记录): time, place, chair, recorder, expected and actual
 * attendance, absentees with reasons, agenda with the first topic (第一议题), key points, decisions.
 * Time, place, attendance and absentees come from the records (`prefillMinutes`); the rest is typed
 * by the secretary. Minutes cannot be marked complete while anything required is empty.
 */

export interface Absentee {
  memberId: string;
  name: string;
  /** `leave`: approved leave; `absent`: no leave (unexcused); `pending`: a decision is still open */
  kind?: 'leave' | 'absent' | 'pending';
  reason?: string;
}

export interface MinutesAttendance {
  expected: number;
  present: number;
  leave: number;
  absent: number;
  /** undecided check-ins/requests; must be 0 to complete */
  pending?: number;
}

/** Structurally a superset of types/attendance.ts `TMinutes` (+ time and place). */
export interface MinutesDraft {
  activityId: string;
  status?: 'draft' | 'complete';
  /** 时间 */
  startAt?: number | null;
  endAt?: number | null;
  /** 地点 */
  place?: string | null;
  /** 主持人 */
  chair?: string | null;
  /** 记录人 */
  recorder?: string | null;
  /** 第一议题 */
  firstTopic?: string | null;
  /** further agenda items (议程) after the first topic */
  agenda?: string[] | null;
  /** 主要内容 */
  keyPoints?: string | null;
  /** 决议/决定 ("无" when the meeting decided nothing) */
  decisions?: string | null;
  attendance?: MinutesAttendance | null;
  absentees?: Absentee[] | null;
}

export interface MinutesIssue {
  path: string;
  message: string;
}

const blank = (s: string | null | undefined) => !s || s.trim() === '';

/** Every required field that is empty or inconsistent, as `{ path, message }` (dotted paths). */
export function minutesMissingFields(m: MinutesDraft): MinutesIssue[] {
  const out: MinutesIssue[] = [];
  const need = (path: string, ok: boolean, message: string) => {
    if (!ok) out.push({ path, message });
  };
  need('startAt', typeof m.startAt === 'number', '会议时间未填写');
  need('place', !blank(m.place), '会议地点未填写');
  need('chair', !blank(m.chair), '主持人未填写');
  need('recorder', !blank(m.recorder), '记录人未填写');
  need('firstTopic', !blank(m.firstTopic), '第一议题未填写');
  (m.agenda ?? []).forEach((item, i) => need(`agenda.${i}`, !blank(item), '议程条目为空'));
  need('keyPoints', !blank(m.keyPoints), '主要内容未填写');
  need('decisions', !blank(m.decisions), '决议未填写（没有决议请填“无”）');

  const a = m.attendance;
  if (!a || !(a.expected > 0)) {
    out.push({ path: 'attendance', message: '应到、实到人数未填写' });
  } else {
    need('attendance.present', a.present >= 0 && a.present <= a.expected, '实到人数不能超过应到人数');
    need('attendance.pending', !a.pending, '还有待审核的签到或请假，请先处理');
    const missingPeople = a.expected - a.present;
    const absentees = m.absentees ?? [];
    need('absentees', absentees.length === missingPeople, `缺席名单应有 ${missingPeople} 人`);
    absentees.forEach((p, i) =>
      need(`absentees.${i}.reason`, !blank(p.reason), `${p.name} 的缺席原因未填写`),
    );
  }
  return out;
}

/** Quorum: more than half of the expected members present (for 支部党员大会 it decides validity). */
export function quorum(expected: number, present: number): { needed: number; present: number; met: boolean } {
  return { needed: Math.floor(expected / 2) + 1, present, met: present * 2 > expected };
}

/** Types whose minutes must state whether the quorum was reached. */
export function quorumMatters(type: ActivityFacts['type']): boolean {
  return type === 'branch_congress';
}

/**
 * May these minutes be marked complete? MINUTES_INCOMPLETE lists every gap (details `missing`: paths,
 * `fields`: paths with a Chinese message). A 支部党员大会 without a quorum can still be recorded —
 * the minutes say what happened — but the answer carries `warnings: ['no_quorum']`.
 */
export function canCompleteMinutes(
  m: MinutesDraft,
  activityType?: ActivityFacts['type'],
): Decision<{ warnings: string[] }> {
  const issues = minutesMissingFields(m);
  if (issues.length > 0) {
    return refuse('MINUTES_INCOMPLETE', `minutes incomplete: ${issues.map((i) => i.path).join(', ')}`, {
      missing: issues.map((i) => i.path),
      fields: issues,
    });
  }
  const warnings: string[] = [];
  const a = m.attendance!;
  if (activityType && quorumMatters(activityType) && !quorum(a.expected, a.present).met)
    warnings.push('no_quorum');
  return allow({ warnings });
}

const ABSENT_REASON = '未请假';

/**
 * Fill time, place, attendance and absentees from the records. What the secretary typed is kept
 * (chair, recorder, topics, key points, decisions, a typed place when the activity has no site, and a
 * typed reason for an unexcused absentee — "临时手术" explains more than "未请假"). An approved leave
 * always shows its own reason. A pending member gets no reason, so the minutes stay incomplete until
 * the secretary decides the item and prefills again.
 */
export function prefillMinutes(
  activity: Pick<ActivityFacts, 'id' | 'type' | 'startAt' | 'endAt'>,
  site: Pick<SiteFacts, 'name'> | null | undefined,
  roster: RosterSummary,
  existing?: MinutesDraft | null,
): MinutesDraft & { quorum: ReturnType<typeof quorum> & { matters: boolean } } {
  const typed = new Map((existing?.absentees ?? []).map((p) => [p.memberId, p.reason]));
  const absentees: Absentee[] = [
    ...roster.leave.map((p) => ({
      memberId: p.memberId,
      name: p.name,
      kind: 'leave' as const,
      reason: p.reason ? `请假：${p.reason}` : '请假',
    })),
    ...roster.absent.map((p) => {
      const t = typed.get(p.memberId);
      return {
        memberId: p.memberId,
        name: p.name,
        kind: 'absent' as const,
        reason: blank(t) ? ABSENT_REASON : t!,
      };
    }),
    ...roster.pending.map((p) => ({
      memberId: p.memberId,
      name: p.name,
      kind: 'pending' as const,
      reason: '',
    })),
  ];
  const c = roster.counts;
  return {
    ...existing,
    activityId: activity.id,
    status: existing?.status ?? 'draft',
    startAt: activity.startAt,
    endAt: activity.endAt,
    place: site?.name ?? existing?.place ?? null,
    attendance: {
      expected: c.expected,
      present: c.present,
      leave: c.leave,
      absent: c.absent,
      pending: c.pending,
    },
    absentees,
    quorum: { ...quorum(c.expected, c.present), matters: quorumMatters(activity.type) },
  };
}

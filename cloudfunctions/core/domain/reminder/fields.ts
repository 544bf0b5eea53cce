import { inShanghai } from '../attendance/calendar';
import { ACTIVITY_TYPE_LABELS, type ActivityFacts, type SiteFacts } from '../attendance/model';
import {
  fieldKind,
  templatesConfig,
  type BindingField,
  type CancelField,
  type FieldKind,
  type MeetingField,
  type TaskField,
  type TemplateSpec,
} from './templates';

/**
 * Template `data` built to WeChat's limits (subscribeMessage.send, "参数值内容限制"):
 * thing ≤ 20 characters; phrase ≤ 5 Chinese characters only; time "2019年10月1日 15:01" (24 h);
 * character_string ≤ 32 of digits/letters/symbols; name ≤ 10 Chinese or 20 letters.
 * Characters are counted as Unicode code points, and a cut never splits a surrogate pair or a
 * grapheme (an emoji with skin tone or a ZWJ family stays whole or goes whole).
 */

export const THING_MAX = 20;
export const PHRASE_MAX = 5;
export const ELLIPSIS = '…';

const segmenter =
  typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter('zh', { granularity: 'grapheme' })
    : null;

function graphemes(s: string): string[] {
  return segmenter ? Array.from(segmenter.segment(s), (x) => x.segment) : Array.from(s);
}

export function codePointLength(s: string): number {
  return Array.from(s).length;
}

/** Control characters and line breaks out, runs of white space to one space. */
function oneLine(s: string): string {
  return s
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most `max` code points; when cut, the last one is `…` (so the result is still ≤ max). */
export function truncate(text: string, max: number = THING_MAX): string {
  const s = oneLine(text);
  if (codePointLength(s) <= max) return s;
  const budget = max - codePointLength(ELLIPSIS);
  let out = '';
  let n = 0;
  for (const g of graphemes(s)) {
    const len = codePointLength(g);
    if (n + len > budget) break;
    out += g;
    n += len;
  }
  return out.trimEnd() + ELLIPSIS;
}

/** A `thing` value: one line, ≤ 20 code points, never empty (WeChat refuses an empty value). */
export function thingValue(text: string | null | undefined, fallback: string): string {
  const t = truncate(text ?? '');
  return t === '' ? truncate(fallback) : t;
}

/** A `phrase` value: only Chinese characters, at most 5; empty is a programming error. */
export function phraseValue(text: string): string {
  const han = Array.from(text.matchAll(/\p{Script=Han}/gu), (m) => m[0]).slice(0, PHRASE_MAX);
  if (han.length === 0) throw new RangeError(`phrase "${text}" has no Chinese characters`);
  return han.join('');
}

/** `2026年11月27日 10:00` in Asia/Shanghai — the form WeChat's documentation shows for `time`. */
export function timeValue(ms: number): string {
  return inShanghai(ms).format('YYYY[年]M[月]D[日] HH:mm');
}

/** `2026年11月27日` in Asia/Shanghai. */
export function dateValue(ms: number): string {
  return inShanghai(ms).format('YYYY[年]M[月]D[日]');
}

function characterString(text: string): string {
  return Array.from(text.replace(/[^\x21-\x7e]/g, ''))
    .slice(0, 32)
    .join('');
}

function nameValue(text: string): string {
  const s = oneLine(text);
  return /^[\x20-\x7e]*$/.test(s) ? Array.from(s).slice(0, 20).join('') : Array.from(s).slice(0, 10).join('');
}

type Semantic = { text: string; fallback?: string } | { instant: number };

function valueFor(kind: FieldKind, v: Semantic): string {
  if ('instant' in v) {
    if (kind === 'time') return timeValue(v.instant);
    if (kind === 'date') return dateValue(v.instant);
    return thingValue(timeValue(v.instant), '');
  }
  switch (kind) {
    case 'thing':
      return thingValue(v.text, v.fallback ?? '详见活动页面');
    case 'phrase':
      return phraseValue(v.text);
    case 'character_string':
      return characterString(v.text);
    case 'name':
      return nameValue(v.text);
    default:
      throw new Error(`a ${kind} field needs an instant, not text`);
  }
}

export type TemplateData = Record<string, { value: string }>;

function build<F extends string>(spec: TemplateSpec<F>, values: Record<F, Semantic>): TemplateData {
  const data: TemplateData = {};
  for (const [ours, theirs] of Object.entries(spec.fields) as [F, string][]) {
    data[theirs] = { value: valueFor(fieldKind(theirs), values[ours]) };
  }
  return data;
}

export type MeetingReminderKind = 'day_before' | 'hour_before' | 'nudge';

/** Status phrases (≤ 5 Chinese characters) and notes (≤ 20) per kind. */
export const REMINDER_WORDING: Record<MeetingReminderKind | 'cancelled', { status: string; note: string }> = {
  day_before: { status: '会议预告', note: '请按时参加，不能到会请提前请假' },
  hour_before: { status: '即将开始', note: '会议一小时内开始，请准时到场签到' },
  nudge: { status: '请速签到', note: '会议已开始或即将开始，请尽快签到' },
  cancelled: { status: '已取消', note: '' },
};

type ActivityForMessage = Pick<ActivityFacts, 'id' | 'type' | 'title' | 'startAt'>;

/** `data` of the meeting reminder: title, type, time, place, status and note as the config maps them. */
export function buildMeetingReminderData(
  activity: ActivityForMessage,
  site: Pick<SiteFacts, 'name'> | null | undefined,
  kind: MeetingReminderKind,
  templateConfig: TemplateSpec<MeetingField> = templatesConfig.templates.meetingReminder,
): TemplateData {
  const words = REMINDER_WORDING[kind];
  return build(templateConfig, {
    title: { text: activity.title, fallback: ACTIVITY_TYPE_LABELS[activity.type] },
    type: { text: ACTIVITY_TYPE_LABELS[activity.type] },
    time: { instant: activity.startAt },
    place: { text: site?.name ?? '', fallback: '详见活动页面' },
    status: { text: words.status },
    note: { text: words.note },
  });
}

/** `data` of the cancellation notice sent to those who were reminded. */
export function buildCancellationData(
  activity: ActivityForMessage,
  site: Pick<SiteFacts, 'name'> | null | undefined,
  reason: string | null | undefined,
  templateConfig: TemplateSpec<CancelField> = templatesConfig.templates.meetingCancelled,
): TemplateData {
  return build(templateConfig, {
    title: { text: activity.title, fallback: ACTIVITY_TYPE_LABELS[activity.type] },
    type: { text: ACTIVITY_TYPE_LABELS[activity.type] },
    time: { instant: activity.startAt },
    place: { text: site?.name ?? '', fallback: '详见活动页面' },
    reason: { text: reason ?? '', fallback: '会议已取消，另行通知' },
    status: { text: REMINDER_WORDING.cancelled.status },
  });
}

/** The page the message opens: the activity. */
export function messagePage(activityId: string, spec: Pick<TemplateSpec, 'page'>): string {
  return `${spec.page}?id=${encodeURIComponent(activityId)}`;
}

/**
 * `data` of a project task gone silent (docs/projects.md): the task, its due time, a status word and when
 * it will be released if nothing is posted.
 */
export function buildTaskReminderData(
  task: { title: string; dueAt: number },
  releaseAt: number,
  templateConfig: TemplateSpec<TaskField> = templatesConfig.templates.taskReminder,
): TemplateData {
  return build(templateConfig, {
    title: { text: task.title, fallback: '认领的任务' },
    time: { instant: task.dueAt },
    status: { text: '请更新进展' },
    note: { text: `${inShanghai(releaseAt).format('M月D日')}前未更新将自动释放` },
  });
}

/**
 * `data` of the binding decision sent to the applicant (member.reviewBinding): the branch, 已通过 /
 * 未通过, when it was decided, and what next — the secretary's reason on a rejection.
 */
export function buildBindingDecidedData(
  d: { branchName: string; approved: boolean; decidedAt: number; reason?: string | null },
  templateConfig: TemplateSpec<BindingField> = templatesConfig.templates.bindingDecided,
): TemplateData {
  return build(templateConfig, {
    title: { text: d.branchName, fallback: '党员身份绑定' },
    status: { text: d.approved ? '已通过' : '未通过' },
    time: { instant: d.decidedAt },
    note: d.approved
      ? { text: '身份已认证，可以扫码签到了' }
      : { text: d.reason ? `原因：${d.reason}` : '', fallback: '请核对姓名和工号后重新提交' },
  });
}

import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.locale('zh-cn');

/**
 * Display times in Asia/Shanghai whatever the phone's zone. China has no DST, so a fixed +08:00
 * offset is exact and avoids Intl time-zone support, which some mini-program runtimes lack.
 */
const SHANGHAI_OFFSET_MIN = 480;

export function shanghai(ms: number) {
  return dayjs(ms).utcOffset(SHANGHAI_OFFSET_MIN);
}

/** Start of the Asia/Shanghai calendar year `yearsBack` years before the one holding `now`, epoch ms. */
export function yearStart(now = Date.now(), yearsBack = 0): number {
  const y = new Date(now + SHANGHAI_OFFSET_MIN * 60_000).getUTCFullYear() - yearsBack;
  return Date.UTC(y, 0, 1) - SHANGHAI_OFFSET_MIN * 60_000;
}

/** `11月28日 周六 14:30` */
export function formatDateTime(ms: number): string {
  return shanghai(ms).format('M月D日 ddd HH:mm');
}

/** `14:30–16:00` (same day) or full start–end otherwise. */
export function formatRange(startMs: number, endMs: number): string {
  const a = shanghai(startMs);
  const b = shanghai(endMs);
  if (a.format('YYYY-MM-DD') === b.format('YYYY-MM-DD'))
    return `${a.format('M月D日 ddd HH:mm')}–${b.format('HH:mm')}`;
  return `${a.format('M月D日 HH:mm')} – ${b.format('M月D日 HH:mm')}`;
}

/** A picker's `YYYY-MM-DD` as a person reads it: 2026年12月3日 周四. */
export function dateLabel(ymd: string): string {
  return shanghai(Date.parse(`${ymd}T12:00:00+08:00`)).format('YYYY年M月D日 ddd');
}

/** A date picker's value for `ms` in Asia/Shanghai: `2026-12-03`. */
export function pickerDate(ms: number): string {
  return shanghai(ms).format('YYYY-MM-DD');
}

/** A time picker's value for `ms` in Asia/Shanghai: `14:30`. */
export function pickerTime(ms: number): string {
  return shanghai(ms).format('HH:mm');
}

/** A date picker's `YYYY-MM-DD` and a time picker's `HH:mm`, read in Asia/Shanghai, as epoch ms. */
export function pickedInstant(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00+08:00`);
}

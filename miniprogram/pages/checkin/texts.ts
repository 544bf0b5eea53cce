import { FLAG_LABELS, labelOf } from '@/utils/labels';
import { shanghai } from '@/utils/time';

/** 14:30 today, else 12月3日 14:30 (Shanghai). */
function openingTime(ms: number): string {
  const t = shanghai(ms);
  return t.format('YYYY-MM-DD') === shanghai(Date.now()).format('YYYY-MM-DD')
    ? t.format('HH:mm')
    : t.format('M月D日 HH:mm');
}

/**
 * What a member sees after a scan: every refusal code (and reason) with what to do next, and every
 * risk flag in plain words. Keep in step with docs/checkin.md ("Refusals", "Flags").
 */
export interface RefusalText {
  title: string;
  todo: string;
}

const BY_REASON: Record<string, RefusalText> = {
  future_window: { title: '签到码暂不可用', todo: '请稍后重新扫码；如反复出现，请书记校准手机时间。' },
  proof_mode: {
    title: '签到码类型不符',
    todo: '本次活动需扫描另一种签到码（书记出示的动态码或门口的阵地码）。',
  },
  site_mismatch: {
    title: '该阵地码不属于本次活动地点',
    todo: '请到活动地点扫码，或扫描书记出示的动态二维码。',
  },
  before_open: { title: '签到尚未开始', todo: '请在签到开放后再扫码。' },
  after_close: { title: '签到已截止', todo: '如确实参加了活动，可以申请补签。' },
};

const BY_CODE: Record<string, RefusalText> = {
  ACTIVITY_CANCELLED: { title: '活动已取消', todo: '请留意支部书记的通知。' },
  CODE_INVALID: { title: '签到码无效', todo: '请扫描本次活动现场书记手机上的动态二维码。' },
  CODE_EXPIRED: {
    title: '签到码已过期',
    todo: '请扫描屏幕上最新的二维码；如确实到场但扫码上传太晚，可申请补签。',
  },
  OUTSIDE_WINDOW: { title: '当前不在签到时间内', todo: '请在签到时间内扫码。' },
  NOT_EXPECTED: { title: '你不在本次活动的应到名单中', todo: '如有疑问，请联系支部书记把你加入名单。' },
  LOCATION_REQUIRED: {
    title: '本次签到需要位置信息',
    todo: '请在设置中允许获取位置（设置 → 位置信息），然后重新扫码。',
  },
  NO_ACTIVITY_AT_SITE: {
    title: '此地点当前没有可签到的活动',
    todo: '请核对活动时间，或扫描书记出示的动态二维码。',
  },
  NOT_BOUND: { title: '还没有绑定党员身份', todo: '绑定并经支部书记审核通过后即可签到。' },
};

export function refusalText(code: string, reason?: string, fallback?: string, opensAt?: number): RefusalText {
  if (reason === 'before_open' && opensAt) {
    return { title: `签到将于 ${openingTime(opensAt)} 开放`, todo: '请届时再扫码签到。' };
  }
  if (reason && BY_REASON[reason]) return BY_REASON[reason];
  return BY_CODE[code] ?? { title: fallback ?? '签到未成功', todo: '请稍后重试，或联系支部书记。' };
}

export function flagsText(flags: readonly string[]): string {
  return flags.map((f) => labelOf(FLAG_LABELS, f, '其他提示')).join('、');
}

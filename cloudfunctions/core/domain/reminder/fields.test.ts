import {
  buildCancellationData,
  buildMeetingReminderData,
  codePointLength,
  messagePage,
  phraseValue,
  REMINDER_WORDING,
  timeValue,
  truncate,
} from './fields';
import { templatesConfig, type TemplateSpec, type MeetingField } from './templates';

const START = Date.parse('2026-11-27T02:00:00Z'); // 10:00 in Shanghai
const activity = { id: 'a1', type: 'branch_congress' as const, title: '11月支部党员大会', startAt: START };
const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('truncate (thing: 20 characters)', () => {
  it('keeps a title of exactly 20 characters as it is', () => {
    const t = '一二三四五六七八九十一二三四五六七八九十';
    expect(truncate(t)).toBe(t);
  });

  it('cuts a 21-character title to 19 plus an ellipsis', () => {
    const t = '一二三四五六七八九十一二三四五六七八九十一';
    expect(truncate(t)).toBe('一二三四五六七八九十一二三四五六七八九…');
    expect(codePointLength(truncate(t))).toBe(20);
  });

  it('counts an emoji as one character and never splits its surrogate pair', () => {
    const t = '🎉'.repeat(25);
    const out = truncate(t);
    expect(out).toBe('🎉'.repeat(19) + '…');
    expect(hasLoneSurrogate(out)).toBe(false);
  });

  it('drops a ZWJ emoji family whole rather than cutting inside it', () => {
    const family = '👨‍👩‍👧'; // 5 code points
    const out = truncate('学习会议记录整理工作安排通知书' + family + '后续内容'); // 15 + 5 + 4
    expect(out).toBe('学习会议记录整理工作安排通知书…');
    expect(hasLoneSurrogate(out)).toBe(false);
    expect(codePointLength(out)).toBeLessThanOrEqual(20);
  });

  it('keeps a ZWJ family that fits', () => {
    const out = truncate('会议' + '👨‍👩‍👧' + '一二三四五六七八九十一二三');
    expect(out.startsWith('会议👨‍👩‍👧')).toBe(true);
    expect(codePointLength(out)).toBe(20);
  });

  it('cuts long Latin text and mixed Chinese/English to 20 code points', () => {
    expect(truncate('Frontline branch monthly committee meeting')).toBe('Frontline branch mo…');
    expect(codePointLength(truncate('党课：AI in Medicine 与医学伦理专题研讨'))).toBe(20);
  });

  it('puts line breaks and tabs on one line', () => {
    expect(truncate('第一行\n第二行\t 第三行\u0007')).toBe('第一行 第二行 第三行');
  });
});

describe('phraseValue (≤ 5 Chinese characters)', () => {
  it('keeps only Chinese characters, at most five', () => {
    expect(phraseValue('即将开始')).toBe('即将开始');
    expect(phraseValue('已取消!')).toBe('已取消');
    expect(phraseValue('一二三四五六')).toBe('一二三四五');
  });

  it('refuses a phrase with no Chinese at all', () => {
    expect(() => phraseValue('OK')).toThrow(RangeError);
  });

  it('has every built-in status within the limit and every note within 20', () => {
    for (const w of Object.values(REMINDER_WORDING)) {
      expect(phraseValue(w.status)).toBe(w.status);
      expect(codePointLength(w.note)).toBeLessThanOrEqual(20);
    }
  });
});

describe('timeValue', () => {
  it('writes the Shanghai wall time as YYYY年M月D日 HH:mm', () => {
    expect(timeValue(START)).toBe('2026年11月27日 10:00');
  });

  it('is already the next day in Shanghai at 16:30Z', () => {
    expect(timeValue(Date.parse('2026-12-31T16:30:00Z'))).toBe('2027年1月1日 00:30');
  });
});

describe('buildMeetingReminderData', () => {
  it('maps title, time, place, status and note to the configured keys', () => {
    expect(buildMeetingReminderData(activity, { name: '临床技能中心' }, 'day_before')).toEqual({
      thing1: { value: '11月支部党员大会' },
      time2: { value: '2026年11月27日 10:00' },
      thing3: { value: '临床技能中心' },
      phrase4: { value: '会议预告' },
      thing5: { value: '请按时参加，不能到会请提前请假' },
    });
  });

  it('says 即将开始 an hour before', () => {
    expect(buildMeetingReminderData(activity, null, 'hour_before').phrase4).toEqual({ value: '即将开始' });
  });

  it('truncates a long title with emoji and a long place name within WeChat limits', () => {
    const data = buildMeetingReminderData(
      { ...activity, title: '🚩【主题党日】走进社区义诊：为老年人提供免费健康检查与慢病随访服务' },
      { name: '某某市某某区某某街道社区卫生服务中心二楼多功能会议室' },
      'day_before',
    );
    for (const key of ['thing1', 'thing3', 'thing5']) {
      expect(codePointLength(data[key].value)).toBeLessThanOrEqual(20);
      expect(hasLoneSurrogate(data[key].value)).toBe(false);
    }
    expect(data.thing1.value).toBe('🚩【主题党日】走进社区义诊：为老年人提…');
    expect(data.thing3.value.endsWith('…')).toBe(true);
  });

  it('never sends an empty thing: no site and a blank title fall back to words', () => {
    const data = buildMeetingReminderData({ ...activity, title: '   ' }, null, 'day_before');
    expect(data.thing1.value).toBe('支部党员大会');
    expect(data.thing3.value).toBe('详见活动页面');
  });

  it('follows another field mapping, type label included', () => {
    const spec: TemplateSpec<MeetingField> = {
      idEnv: 'APP_X',
      title: 'x',
      page: 'p',
      fields: { title: 'thing7', type: 'phrase2', time: 'date9' },
    };
    expect(buildMeetingReminderData(activity, null, 'hour_before', spec)).toEqual({
      thing7: { value: '11月支部党员大会' },
      phrase2: { value: '支部党员大' },
      date9: { value: '2026年11月27日' },
    });
  });
});

describe('buildCancellationData', () => {
  it('says 已取消 with the reason cut to 20 characters', () => {
    const data = buildCancellationData(
      activity,
      { name: '实验室' },
      '因突发公共卫生事件应急演练，会议顺延至下周，具体时间另行通知',
    );
    expect(data).toEqual({
      thing1: { value: '11月支部党员大会' },
      time2: { value: '2026年11月27日 10:00' },
      thing3: { value: '因突发公共卫生事件应急演练，会议顺延至…' },
      phrase4: { value: '已取消' },
    });
  });

  it('has a default reason when none was given', () => {
    expect(buildCancellationData(activity, null, '').thing3.value).toBe('会议已取消，另行通知');
  });
});

describe('messagePage', () => {
  it('opens the activity page with its id', () => {
    expect(messagePage('a 1', templatesConfig.templates.meetingReminder)).toBe(
      'pages/activity/index?id=a%201',
    );
  });
});

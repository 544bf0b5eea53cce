import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TemplateKey } from '@contract/reminder';
import Button from '../Button';
import { errorText } from '@/services/api';
import {
  askFromTap,
  MEETING_KEYS,
  myCredits,
  openSubscribeSettings,
  prepare,
  useSubscribeSheet,
  type AskOutcome,
  type SheetRequest,
} from '@/services/subscribe';
import './index.scss';

export interface RemindMeProps {
  /**
   * `button`: 提醒我 on an activity; `card`: the offer after a check-in or a leave request;
   * `banner`: the home page's banner, shown only while the member holds no reminder credit;
   * `binding`: on the pending binding, the notice of the secretary's decision (`bindingDecided`).
   */
  variant?: 'button' | 'card' | 'banner' | 'binding';
  className?: string;
}

type State =
  | { s: 'preparing' }
  | { s: 'ready'; prepared: Awaited<ReturnType<typeof prepare>> }
  | { s: 'hidden' }
  | { s: 'asking' }
  | { s: 'done'; outcome: AskOutcome }
  | { s: 'error'; message: string };

const TEXT = {
  button: { ask: '提醒我', lead: '' },
  // WeChat lets one consent carry ONE message: say so, never promise a series.
  card: { ask: '开启会议提醒', lead: '允许一次，下次开会前可收到一条微信服务通知提醒。' },
  banner: { ask: '开启提醒', lead: '你还没有可用的会议提醒：允许一次，下次开会前可收到一条提醒。' },
  binding: { ask: '审核结果通知我', lead: '允许一次，支部书记审核后你会收到一条微信服务通知。' },
};

/** What each variant asks for, and how its outcome reads. */
const KEYS: Record<NonNullable<RemindMeProps['variant']>, TemplateKey[]> = {
  button: MEETING_KEYS,
  card: MEETING_KEYS,
  banner: MEETING_KEYS,
  binding: ['bindingDecided'],
};

/**
 * Asks for meeting reminders at a natural tap (services/subscribe.ts). At most one prompt per page
 * visit: after the first answer the component only shows the result. When WeChat will no longer
 * prompt (always reject), it points to the settings instead of asking.
 */
export default function RemindMe({ variant = 'button', className = '' }: RemindMeProps) {
  const [state, setState] = useState<State>({ s: 'preparing' });
  const asked = useRef(false);

  useEffect(() => {
    let live = true;
    const load = async () => {
      if (variant === 'banner') {
        const credits = await myCredits();
        if ((credits.meetingReminder ?? 0) > 0) return { s: 'hidden' } as const;
      }
      return { s: 'ready', prepared: await prepare(KEYS[variant]) } as const;
    };
    load().then(
      (next) => live && setState(next),
      (e: unknown) =>
        live && setState(variant === 'banner' ? { s: 'hidden' } : { s: 'error', message: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [variant]);

  const onTap = () => {
    if (state.s !== 'ready' || asked.current) return;
    asked.current = true;
    const prepared = state.prepared;
    setState({ s: 'asking' });
    // The prompt is opened inside this tap (askFromTap's first step is the WeChat call).
    askFromTap(prepared).then(
      (outcome) => setState({ s: 'done', outcome }),
      (e: unknown) => setState({ s: 'error', message: errorText(e) }),
    );
  };

  const toSettings = () => {
    void openSubscribeSettings().then(() => {
      // Back from the settings: a new visit may ask again.
      asked.current = false;
      setState({ s: 'preparing' });
      void prepare(KEYS[variant]).then((prepared) => setState({ s: 'ready', prepared }));
    });
  };

  if (state.s === 'hidden') return null;
  const t = TEXT[variant];
  const what = variant === 'binding' ? '审核结果通知' : '会议提醒';
  const blocked =
    (state.s === 'ready' && state.prepared.blocked) ||
    (state.s === 'done' && state.outcome.kind === 'blocked');

  const unavailable =
    (state.s === 'ready' && state.prepared.unavailable) ||
    (state.s === 'done' && state.outcome.kind === 'unavailable');

  let body;
  if (unavailable) {
    // Banned by WeChat: no setting of the user's helps, so no 去设置 here.
    body = (
      <Text className="remind-me__note">{`${what}暂不可用（微信已停用该通知），请留意支部书记的通知`}</Text>
    );
  } else if (blocked) {
    body = (
      <View className="remind-me__row">
        <Text className="remind-me__note">{`你已设置不再接收${what}`}</Text>
        <Button size="small" type="secondary" onClick={toSettings}>
          {process.env.TARO_ENV === 'h5' ? '去设置开启（模拟）' : '去设置开启'}
        </Button>
      </View>
    );
  } else if (state.s === 'done' && state.outcome.kind === 'accepted') {
    const n = state.outcome.credits.meetingReminder ?? 0;
    body = (
      <View className="remind-me__ok" role="status">
        <Text>
          {variant === 'binding'
            ? '已开启：审核结果出来后会通知你'
            : `已开启：可收到 ${n} 条会议提醒（每允许一次多一条）`}
        </Text>
      </View>
    );
  } else if (state.s === 'done') {
    body = (
      <Text className="remind-me__note">
        {variant === 'binding'
          ? '未开启通知，可稍后回到此页查看审核进度'
          : '未开启提醒，可稍后在活动页点“提醒我”'}
      </Text>
    );
  } else if (state.s === 'error') {
    body = <Text className="remind-me__note">{state.message}</Text>;
  } else {
    body = (
      <Button
        size={variant === 'button' ? 'normal' : 'small'}
        type={variant === 'button' ? 'secondary' : 'primary'}
        block={variant === 'button'}
        loading={state.s !== 'ready'}
        onClick={onTap}
      >
        {t.ask}
      </Button>
    );
  }

  return (
    <View className={`remind-me remind-me--${variant} ${className}`} data-testid="remind-me">
      {t.lead ? <Text className="remind-me__lead">{t.lead}</Text> : null}
      {body}
      {state.s === 'asking' && process.env.TARO_ENV === 'h5' ? <SubscribeSheet /> : null}
    </View>
  );
}

/** H5 only: the local stand-in for WeChat's subscribe prompt. */
function SubscribeSheet() {
  const request = useSubscribeSheet((s) => s.request);
  if (!request) return null;
  return <SheetBody request={request} />;
}

function SheetBody({ request }: { request: SheetRequest }) {
  const [picked, setPicked] = useState<TemplateKey[]>(request.templates.map((t) => t.key));
  const [always, setAlways] = useState(false);
  const toggle = (k: TemplateKey) => setPicked((p) => (p.includes(k) ? p.filter((x) => x !== k) : [...p, k]));
  return (
    <View className="subscribe-sheet" role="dialog" aria-label="模拟订阅授权">
      <View className="subscribe-sheet__panel">
        <Text className="subscribe-sheet__title">模拟订阅授权</Text>
        <Text className="subscribe-sheet__hint">本地替身：在微信小程序里，这里是微信的订阅消息弹窗</Text>
        <Text className="subscribe-sheet__ask">一线支部 申请发送以下消息：</Text>
        {request.templates.map((t) => (
          <View
            key={t.key}
            className="subscribe-sheet__item"
            role="checkbox"
            aria-checked={picked.includes(t.key)}
            onClick={() => toggle(t.key)}
          >
            <Text className="subscribe-sheet__box">{picked.includes(t.key) ? '☑' : '☐'}</Text>
            <Text>{t.title}</Text>
          </View>
        ))}
        <View
          className="subscribe-sheet__item subscribe-sheet__item--always"
          role="checkbox"
          aria-checked={always}
          onClick={() => setAlways(!always)}
        >
          <Text className="subscribe-sheet__box">{always ? '☑' : '☐'}</Text>
          <Text>总是保持以上选择，不再询问</Text>
        </View>
        <View className="subscribe-sheet__actions">
          <Button type="secondary" onClick={() => request.resolve({ accepted: [], always })}>
            拒绝
          </Button>
          <Button onClick={() => request.resolve({ accepted: picked, always })}>允许</Button>
        </View>
      </View>
    </View>
  );
}

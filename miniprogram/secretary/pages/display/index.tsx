import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { TDisplayCodeOutput } from '@contract/activity';
import { mintCode, type MintedCode } from '@domain/rotating-code';
import { Button, StateView } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { callApi, errorText, isApiError } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { formatRange, shanghai } from '@/utils/time';
import { QrView } from './qr';
import { qrPlan } from './qr-plan';
import './index.scss';

const POLL_MS = 4000;

interface Key {
  displayKey: string;
  periodMs: number;
  /** server clock − phone clock, from the last displayCode answer */
  offsetMs: number;
  closesAt: number | null;
}

/**
 * The organiser's rotating-code display (secretary subpackage, `?id=`): a full-screen QR that
 * refreshes itself every period, a countdown, and the live number of check-ins. After the first
 * `displayCode` answer the page mints codes itself from the display key (docs/checkin.md "Display
 * key") with the server-corrected clock, so it keeps working if the phone loses the network.
 */
export default function DisplayPage() {
  const { id = '' } = useRouter().params;
  // when the window opens, for the "not yet" face (the code itself comes from displayCode)
  const activity = useLoad(() => callApi('activity', 'get', { activityId: id }), [id], {
    enabled: Boolean(id),
  }).data;
  const [key, setKey] = useState<Key | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const [online, setOnline] = useState(true);
  const [refreshing, setRefreshing] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const keyRef = useRef<Key | null>(null);

  const fetchCode = useCallback(async () => {
    const t0 = Date.now();
    try {
      const r: TDisplayCodeOutput = await callApi('activity', 'displayCode', { activityId: id });
      const t1 = Date.now();
      if (!r.displayKey) throw new Error('no display key');
      const next: Key = {
        displayKey: r.displayKey,
        periodMs: r.periodSec * 1000,
        // the answer was made somewhere between t0 and t1: assume the middle
        offsetMs: (r.serverNow ?? t1) - Math.round((t0 + t1) / 2),
        closesAt: r.closesAt ?? null,
      };
      keyRef.current = next;
      setKey(next);
      setCount(r.checkedIn ?? null);
      setOnline(true);
      setFailure(null);
    } catch (e) {
      if (isApiError(e) && e.code === 'NETWORK') {
        setOnline(false);
        if (!keyRef.current) setFailure(errorText(e));
      } else {
        setFailure(errorText(e));
      }
    }
  }, [id]);

  useEffect(() => {
    if (!id) return;
    void fetchCode();
    const poll = setInterval(() => void fetchCode(), POLL_MS);
    const tick = setInterval(() => setNow(Date.now()), 250);
    if (process.env.TARO_ENV === 'weapp') void Taro.setKeepScreenOn({ keepScreenOn: true });
    return () => {
      clearInterval(poll);
      clearInterval(tick);
    };
  }, [id, fetchCode]);

  if (!id)
    return (
      <View className="page">
        <StateView state="error" text="缺少活动编号" />
      </View>
    );
  if (failure && !key) {
    return (
      <View className="display display--error">
        <StateView state="error" text={failure} onRetry={() => void fetchCode()} />
      </View>
    );
  }
  if (!key) {
    return (
      <View className="display">
        <StateView state="loading" text="正在获取签到码…" />
      </View>
    );
  }

  const serverNow = now + key.offsetMs;
  const closed = key.closesAt !== null && serverNow > key.closesAt;
  // Before the window opens a live-looking code would only meet refusals: say when it opens.
  const opensAt = activity?.checkin.opensAt ?? null;
  const notYet = opensAt !== null && serverNow < opensAt;
  const minted: MintedCode = mintCode(key.displayKey, id, key.periodMs, serverNow);
  const left = Math.max(0, minted.windowEnd - serverNow);
  const seconds = Math.ceil(left / 1000);
  const progress = Math.min(100, Math.max(0, (left / key.periodMs) * 100));

  return (
    <View className="display">
      <Text className="display__title">{activity?.title ?? '现场签到'}</Text>
      {activity ? (
        <Text className="display__time">
          {formatRange(activity.startAt, activity.endAt)}
          {activity.site ? ` · ${activity.site.name}` : ''}
        </Text>
      ) : null}
      {closed ? (
        <View className="display__closed">
          <Text className="display__closed-text">签到已截止</Text>
        </View>
      ) : notYet ? (
        <View className="display__closed display__notyet">
          <Text className="display__closed-text">签到将于 {shanghai(opensAt).format('HH:mm')} 开放</Text>
          <Text className="display__countdown">
            还有 {Math.ceil((opensAt - serverNow) / 60_000)} 分钟 · 届时二维码自动出现
          </Text>
        </View>
      ) : (
        <View className="display__card">
          <QrView text={qrPlan(minted.code, CHECKIN_LINK_PREFIX).text} className="display__qr" />
          <View className="display__bar">
            <View className="display__bar-fill" style={{ width: `${progress}%` }} />
          </View>
          <Text className="display__countdown">
            {seconds} 秒后刷新 · {qrPlan(minted.code, CHECKIN_LINK_PREFIX).hint}
          </Text>
        </View>
      )}
      <View className="display__count" aria-live="polite">
        <Text className="display__count-label">已签到</Text>
        <Text className="display__count-value" data-testid="checkin-count">
          {count ?? '—'}
        </Text>
        <Text className="display__count-label">人</Text>
      </View>
      {failure ? <Text className="display__warn">{failure}</Text> : null}
      {!online ? <Text className="display__warn">网络已断开：二维码照常刷新，人数将在恢复后更新</Text> : null}
      <View className="display__actions">
        <Button
          type="secondary"
          size="small"
          loading={refreshing}
          onClick={() => {
            setRefreshing(true);
            void fetchCode().finally(() => setRefreshing(false));
          }}
        >
          刷新人数
        </Button>
        <Button
          type="secondary"
          size="small"
          onClick={() => go(`${ROUTES.secretaryRoster}?activityId=${id}`)}
        >
          实时名单
        </Button>
      </View>
    </View>
  );
}

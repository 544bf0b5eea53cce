import { useCallback, useEffect, useRef, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { TCheckInInput, TCheckInOutput } from '@contract/checkin';
import { Button, Card, PrivacySheet, RemindMe } from '@/components';
import { connectedBssid, currentLocation } from '@/services/device';
import { callApi, isApiError } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime } from '@/utils/time';
import {
  deviceId,
  enqueue,
  flushQueue,
  isNetworkError,
  newNonce,
  queuedScans,
  type UploadOutcome,
} from './queue';
import { flagsText, refusalText } from './texts';
import './index.scss';

type Result =
  | { kind: 'submitting' }
  | { kind: 'ok'; data: TCheckInOutput; fromQueue?: boolean }
  | { kind: 'queued' }
  | {
      kind: 'refused';
      code: string;
      reason?: string;
      message?: string;
      /** a genuine code of this activity, too old or out of the window (docs/checkin.md "Refusals") */
      activityId?: string;
      opensAt?: number;
    };

type Location = NonNullable<TCheckInInput['location']>;

/** A site code (`s.<code>`, or a URL carrying one) always needs a location (docs/checkin.md step 5). */
function isSiteCode(raw: string): boolean {
  return /(^|[?&=]|%3D)s\.[A-Za-z0-9_-]{4,30}/.test(raw) || /^s\./.test(raw);
}

/** The position and (on Wi-Fi) the connected BSSID, read together: both are site evidence. */
async function readWhereabouts(): Promise<{ location: Location | null; wifiBssid: string | null }> {
  const location = await currentLocation();
  // Android reads the connected Wi-Fi only with the location permission just granted.
  const wifiBssid = location ? await connectedBssid() : null;
  return { location, wifiBssid };
}

/** What was scanned, from the page's launch parameters: a mini-program code's `scene`, `?code=` or `q=`. */
function codeFromParams(params: Record<string, string | undefined>): string | null {
  for (const key of ['scene', 'code', 'q']) {
    const v = params[key];
    if (v) {
      try {
        return decodeURIComponent(v);
      } catch {
        return v;
      }
    }
  }
  return null;
}

/**
 * Check-in (member, main package). Entry points: the site's mini-program code (`scene`), the scan
 * button (`Taro.scanCode`, weapp), and `?code=` (H5, so a browser test can "scan"). The answer is
 * shown big: 签到成功 / 待审核 + reason / a refusal with what to do. Without network the scan is
 * queued with its scan time ("已记录，待上传") and uploaded when the network is back.
 */
export default function CheckinPage() {
  const { params } = useRouter();
  const [result, setResult] = useState<Result | null>(null);
  const [queued, setQueued] = useState(() => queuedScans().length);
  const [typed, setTyped] = useState('');
  const started = useRef(false);
  const isWeapp = process.env.TARO_ENV === 'weapp';

  const showUploads = useCallback((outcomes: UploadOutcome[]) => {
    setQueued(queuedScans().length);
    const last = outcomes[outcomes.length - 1];
    if (!last) return;
    if (last.ok) setResult({ kind: 'ok', data: last.data, fromQueue: true });
    else setResult({ kind: 'refused', code: last.code, reason: last.reason });
  }, []);

  const submit = useCallback(async (raw: string) => {
    const code = raw.trim();
    if (!code) return;
    setResult({ kind: 'submitting' });
    const device = deviceId();
    const scan = { code, nonce: newNonce(), scannedAt: Date.now(), ...(device ? { deviceId: device } : {}) };
    let where = isSiteCode(code) ? await readWhereabouts() : { location: null, wifiBssid: null };
    let location: Location | null = where.location;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const data = await callApi('checkin', 'checkIn', {
          code: scan.code,
          nonce: scan.nonce,
          ...(scan.deviceId ? { deviceId: scan.deviceId } : {}),
          ...(location ? { location } : {}),
          ...(where.wifiBssid ? { wifiBssid: where.wifiBssid } : {}),
        });
        setResult({ kind: 'ok', data });
        return;
      } catch (e) {
        if (isNetworkError(e)) {
          enqueue({
            ...scan,
            ...(location ? { location } : {}),
            ...(where.wifiBssid ? { wifiBssid: where.wifiBssid } : {}),
          });
          setQueued(queuedScans().length);
          setResult({ kind: 'queued' });
          return;
        }
        // The activity wants a location: ask the phone once, then send the same scan again.
        if (isApiError(e) && e.code === 'LOCATION_REQUIRED' && !location && attempt === 0) {
          where = await readWhereabouts();
          location = where.location;
          if (location) continue;
        }
        const details = isApiError(e) ? e.details : undefined;
        setResult({
          kind: 'refused',
          code: isApiError(e) ? e.code : 'INTERNAL',
          reason: details?.reason as string | undefined,
          message: isApiError(e) ? e.message : undefined,
          activityId: typeof details?.activityId === 'string' ? details.activityId : undefined,
          opensAt: typeof details?.opensAt === 'number' ? details.opensAt : undefined,
        });
        return;
      }
    }
  }, []);

  // A code in the launch parameters is a scan: submit it once.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const raw = codeFromParams(params as Record<string, string | undefined>);
    if (raw) void submit(raw);
  }, [params, submit]);

  // Upload queued scans when the page shows and whenever the network comes back.
  useDidShow(() => {
    if (queuedScans().length > 0) void flushQueue().then(showUploads);
  });
  useEffect(() => {
    const onChange = (res: { isConnected: boolean }) => {
      if (res.isConnected && queuedScans().length > 0) void flushQueue().then(showUploads);
    };
    Taro.onNetworkStatusChange(onChange);
    return () => {
      const off = (Taro as unknown as { offNetworkStatusChange?: (cb: typeof onChange) => void })
        .offNetworkStatusChange;
      if (off) off(onChange);
    };
  }, [showUploads]);

  const scan = async () => {
    try {
      const r = await Taro.scanCode({
        onlyFromCamera: true,
        // 'wxCode' (小程序码) is a WeChat scan type that Taro's typings lack
        scanType: ['qrCode', 'wxCode'] as unknown as (keyof Taro.scanCode.ScanType)[],
      });
      // A mini-program code answers its page path (with scene=…); a plain QR its text.
      await submit((r as { path?: string }).path || r.result);
    } catch {
      // cancelled by the user: nothing to do
    }
  };

  return (
    <View className="page checkin">
      <PrivacySheet purpose="签到需要获取你的位置（以及所连 Wi-Fi），用于确认你在活动地点。" />
      {result ? <ResultView result={result} /> : <Intro />}

      {queued > 0 ? (
        <Card className="checkin__queue">
          <Text>有 {queued} 条签到已记录，待网络恢复后自动上传。</Text>
          <Button type="secondary" size="small" onClick={() => void flushQueue().then(showUploads)}>
            立即上传
          </Button>
        </Card>
      ) : null}

      <View className="checkin__actions">
        {isWeapp ? (
          <Button block loading={result?.kind === 'submitting'} onClick={() => void scan()}>
            {result ? '重新扫码' : '扫码签到'}
          </Button>
        ) : (
          <View className="checkin__manual">
            <Input
              className="ui-input checkin__input"
              placeholder="输入或粘贴签到码"
              value={typed}
              onInput={(e) => setTyped(e.detail.value)}
            />
            <Button block loading={result?.kind === 'submitting'} onClick={() => void submit(typed)}>
              提交签到码
            </Button>
          </View>
        )}
        <Button block type="secondary" onClick={() => go(ROUTES.records)}>
          我的签到记录
        </Button>
        <Button block type="plain" onClick={() => go(ROUTES.home)}>
          返回首页
        </Button>
      </View>
    </View>
  );
}

function Intro() {
  return (
    <Card className="checkin__intro">
      <Text className="checkin__intro-title">现场签到</Text>
      <Text className="muted">
        扫描书记手机上的动态二维码，或活动地点张贴的阵地码（需允许获取位置）。没有网络时签到会先记录在手机上，恢复网络后自动上传。
      </Text>
    </Card>
  );
}

function ResultView({ result }: { result: Result }) {
  if (result.kind === 'submitting') {
    return (
      <View className="checkin__result checkin__result--busy" aria-busy="true">
        <View className="checkin__spinner" />
        <Text className="checkin__title">正在签到…</Text>
      </View>
    );
  }
  if (result.kind === 'queued') {
    return (
      <View className="checkin__result checkin__result--queued" role="status">
        <Text className="checkin__icon">待</Text>
        <Text className="checkin__title">已记录，待上传</Text>
        <Text className="checkin__sub">网络恢复后会自动上传，并按扫码时间签到。</Text>
      </View>
    );
  }
  if (result.kind === 'refused') {
    const t = refusalText(result.code, result.reason, result.message, result.opensAt);
    const { activityId } = result;
    // Every refusal that names an action offers it (issue #16): 去绑定, 申请补签.
    const makeup =
      activityId && (result.code === 'CODE_EXPIRED' || result.reason === 'after_close') ? activityId : null;
    return (
      <View className="checkin__result checkin__result--refused" role="alert">
        <Text className="checkin__icon">✕</Text>
        <Text className="checkin__title">{t.title}</Text>
        <Text className="checkin__sub">{t.todo}</Text>
        {result.code === 'NOT_BOUND' ? (
          <Button className="checkin__next" onClick={() => go(ROUTES.bind)}>
            去绑定
          </Button>
        ) : null}
        {makeup ? (
          <Button
            className="checkin__next"
            onClick={() => go(`${ROUTES.request}?activityId=${encodeURIComponent(makeup)}`)}
          >
            申请补签
          </Button>
        ) : null}
      </View>
    );
  }
  const d = result.data;
  const pending = d.status === 'pending';
  const rejected = d.status === 'rejected';
  return (
    <View
      className={`checkin__result ${pending ? 'checkin__result--pending' : rejected ? 'checkin__result--refused' : 'checkin__result--ok'}`}
      role="status"
    >
      <Text className="checkin__icon">{pending ? '!' : rejected ? '✕' : '✓'}</Text>
      <Text className="checkin__title">
        {rejected ? '签到未通过' : pending ? '待审核' : d.duplicate ? '已签到' : '签到成功'}
      </Text>
      {pending ? (
        <Text className="checkin__sub">
          {d.flags.length > 0 ? `原因：${flagsText(d.flags)}。` : '本次活动的签到需书记审核。'}
          签到已保存，书记审核后计入出勤。
        </Text>
      ) : null}
      {d.duplicate && !rejected ? <Text className="checkin__sub">你已签过到，无需重复签到。</Text> : null}
      {rejected ? <Text className="checkin__sub">如有疑问，请联系支部书记。</Text> : null}
      {d.activityTitle ? <Text className="checkin__activity">{d.activityTitle}</Text> : null}
      {d.checkedInAt ? <Text className="checkin__time">{formatDateTime(d.checkedInAt)}</Text> : null}
      {result.fromQueue ? <Text className="checkin__time">（离线记录已上传）</Text> : null}
      {!rejected ? <RemindMe variant="card" /> : null}
    </View>
  );
}

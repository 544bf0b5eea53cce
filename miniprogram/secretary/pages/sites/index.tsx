import { useCallback, useEffect, useState } from 'react';
import { Image, Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { SiteKind, TSite, TSiteCodeOutput } from '@contract/activity';
import { Button, Card, ListItem, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { hasRole, useSessionStore } from '@/stores/session';
import { SITE_KINDS } from '@contract/enums';
import { SITE_KIND_LABELS } from '@/utils/labels';
import './index.scss';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

interface SiteDraft {
  name: string;
  kind: SiteKind;
  lat: string;
  lng: string;
  radiusM: string;
}
const EMPTY: SiteDraft = { name: '', kind: 'lab', lat: '', lng: '', radiusM: '80' };

/**
 * The branch's frontline sites (一线阵地): name, kind, fence (centre + radius), and a printable
 * mini-program code per site (its scene `s.<code>` opens the check-in page; a location is always
 * required with it).
 */
export default function SitesPage() {
  const session = useSessionStore();
  const { member, loaded, refresh } = session;
  const branchId = member?.branchId;
  const [load, setLoad] = useState<Load<TSite[]>>({ state: 'loading' });
  const [code, setCode] = useState<{ site: TSite; out: TSiteCodeOutput } | null>(null);
  const [codeBusy, setCodeBusy] = useState<string | null>(null);
  const [d, setD] = useState<SiteDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fetchIt = useCallback(() => {
    if (!branchId) return;
    setLoad({ state: 'loading' });
    callApi('activity', 'listSites', { branchId })
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, [branchId]);
  useEffect(fetchIt, [fetchIt]);
  useDidShow(() => {
    if (!loaded) void refresh();
  });

  const showCode = async (site: TSite) => {
    setCodeBusy(site.id);
    setError(null);
    try {
      setCode({ site, out: await callApi('activity', 'siteCode', { siteId: site.id }) });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setCodeBusy(null);
    }
  };

  const saveImage = async () => {
    if (!code?.out.url) return;
    if (process.env.TARO_ENV === 'h5') {
      window.open(code.out.url, '_blank');
      return;
    }
    try {
      const file = await Taro.downloadFile({ url: code.out.url });
      await Taro.saveImageToPhotosAlbum({ filePath: file.tempFilePath });
      void Taro.showToast({ title: '已保存到相册', icon: 'success' });
    } catch {
      void Taro.showToast({ title: '保存失败，请允许保存到相册', icon: 'none' });
    }
  };

  const here = async () => {
    if (!d) return;
    try {
      const r = await Taro.getLocation({ type: 'wgs84', isHighAccuracy: true });
      setD({ ...d, lat: r.latitude.toFixed(6), lng: r.longitude.toFixed(6) });
    } catch {
      setError('无法获取当前位置，请手动填写经纬度');
    }
  };

  const create = async () => {
    if (!d || !branchId) return;
    const lat = Number(d.lat);
    const lng = Number(d.lng);
    const radiusM = Math.round(Number(d.radiusM));
    if (!d.name.trim()) return setError('请填写阵地名称');
    if (
      !d.lat ||
      !d.lng ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lng) ||
      Math.abs(lat) > 90 ||
      Math.abs(lng) > 180
    )
      return setError('请填写有效的经纬度，或使用当前位置');
    if (!(radiusM >= 10 && radiusM <= 5000)) return setError('范围半径需在 10–5000 米之间');
    setBusy(true);
    setError(null);
    try {
      await callApi('activity', 'createSite', {
        branchId,
        name: d.name.trim(),
        kind: d.kind,
        location: { lat, lng },
        radiusM,
      });
      setD(null);
      fetchIt();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  // A member (or an admin without a branch) would only meet 你没有权限 and an offer to register a site.
  if (loaded && (!branchId || !(hasRole(session, 'secretary') || hasRole(session, 'admin')))) {
    return (
      <View className="page">
        <StateView
          state="empty"
          text={branchId ? '只有支部书记可以管理阵地' : '你还没有所在支部，无法管理阵地'}
        />
      </View>
    );
  }
  return (
    <View className="page sites">
      {code ? (
        <Card title={`阵地码 · ${code.site.name}`}>
          <View className="sites__qr">
            {code.out.url ? <Image className="sites__qr-img" src={code.out.url} mode="aspectFit" /> : null}
            <Text className="muted sites__scene">场景值 {code.out.scene}</Text>
            <Text className="muted sites__tip">
              打印后张贴在活动地点门口。成员扫码签到时需开启定位，不在范围内的签到转书记审核。
            </Text>
          </View>
          <View className="form__actions">
            <Button type="secondary" onClick={() => setCode(null)}>
              关闭
            </Button>
            <Button onClick={() => void saveImage()}>
              {process.env.TARO_ENV === 'h5' ? '打开图片' : '保存到相册'}
            </Button>
          </View>
        </Card>
      ) : null}

      <Card title="本支部阵地">
        {load.state === 'loading' ? <StateView state="loading" /> : null}
        {load.state === 'error' ? <StateView state="error" text={load.message} onRetry={fetchIt} /> : null}
        {load.state === 'ready' && load.data.length === 0 ? (
          <StateView state="empty" text="还没有登记阵地" />
        ) : null}
        {load.state === 'ready'
          ? load.data.map((s) => (
              <ListItem
                key={s.id}
                title={s.name}
                description={`${SITE_KIND_LABELS[s.kind]} · 范围 ${s.radiusM} 米${s.address ? ' · ' + s.address : ''}`}
                extra={<Text className="sites__link">{codeBusy === s.id ? '生成中…' : '阵地码'}</Text>}
                onClick={() => void showCode(s)}
              />
            ))
          : null}
      </Card>

      {error ? (
        <View className="form__alert" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}

      {d ? (
        <Card title="登记阵地">
          <View className="form__field">
            <Text className="form__label">名称</Text>
            <Input
              className="ui-input"
              maxlength={60}
              placeholder="例如：病理学实验室 A301"
              value={d.name}
              onInput={(e) => setD({ ...d, name: e.detail.value })}
            />
          </View>
          <View className="form__field">
            <Text className="form__label">类型</Text>
            <Picker
              mode="selector"
              range={SITE_KINDS.map((k) => SITE_KIND_LABELS[k])}
              value={SITE_KINDS.indexOf(d.kind)}
              onChange={(e) => setD({ ...d, kind: SITE_KINDS[Number(e.detail.value)] })}
            >
              <View className="form__picker">
                <Text>{SITE_KIND_LABELS[d.kind]}</Text>
                <Text className="muted">›</Text>
              </View>
            </Picker>
          </View>
          <View className="sites__row">
            <View className="form__field sites__half">
              <Text className="form__label">纬度</Text>
              <Input
                className="ui-input"
                type="digit"
                value={d.lat}
                placeholder="30.293200"
                onInput={(e) => setD({ ...d, lat: e.detail.value })}
              />
            </View>
            <View className="form__field sites__half">
              <Text className="form__label">经度</Text>
              <Input
                className="ui-input"
                type="digit"
                value={d.lng}
                placeholder="120.086500"
                onInput={(e) => setD({ ...d, lng: e.detail.value })}
              />
            </View>
          </View>
          <Button block type="secondary" size="small" onClick={() => void here()}>
            使用我当前的位置
          </Button>
          <View className="form__field">
            <Text className="form__label">范围半径（米）</Text>
            <Input
              className="ui-input"
              type="number"
              value={d.radiusM}
              onInput={(e) => setD({ ...d, radiusM: e.detail.value })}
            />
          </View>
          <View className="form__actions">
            <Button type="secondary" disabled={busy} onClick={() => setD(null)}>
              取消
            </Button>
            <Button loading={busy} onClick={() => void create()}>
              保存
            </Button>
          </View>
        </Card>
      ) : (
        <Button block onClick={() => setD({ ...EMPTY })}>
          登记新阵地
        </Button>
      )}
    </View>
  );
}

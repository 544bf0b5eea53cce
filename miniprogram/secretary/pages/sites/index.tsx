import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { SiteKind, TSite, TSiteCodeOutput } from '@contract/activity';
import {
  Button,
  Card,
  FormError,
  ListItem,
  Loaded,
  PrivacySheet,
  SelectField,
  StateView,
  TextField,
} from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { useSession } from '@/hooks/useSession';
import { connectedBssid, currentLocation, writeUserFile } from '@/services/device';
import { download } from '@/services/files';
import { callApi } from '@/services/api';
import { SITE_KINDS } from '@contract/enums';
import { SITE_KIND_LABELS } from '@/utils/labels';
import './index.scss';

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
  const session = useSession({ only: ['secretary', 'admin'], refusal: '只有支部书记可以管理阵地' });
  const { member } = session;
  const branchId = member?.branchId;
  const sites = useLoad(() => callApi('activity', 'listSites', { branchId: branchId ?? '' }), [branchId], {
    enabled: Boolean(branchId),
  });
  const [code, setCode] = useState<{ site: TSite; out: TSiteCodeOutput } | null>(null);
  const [d, setD] = useState<SiteDraft | null>(null);
  const action = useAction();
  const { running } = action;
  const error = action.msg?.text;
  const setError = (text: string) => action.setMsg({ ok: false, text });

  const showCode = (site: TSite) =>
    action.run(
      async () => setCode({ site, out: await callApi('activity', 'siteCode', { siteId: site.id }) }),
      { key: `code:${site.id}` },
    );

  // The PNG comes in the answer (no storage URL to download from: README "Release").
  const saveImage = async () => {
    const png = code?.out.pngBase64;
    if (!code || !png) return;
    if (process.env.TARO_ENV === 'h5') {
      download(`data:image/png;base64,${png}`, `阵地码-${code.site.name}.png`);
      return;
    }
    await action.run(
      async () => {
        const filePath = await writeUserFile(`site-${code.out.code}.png`, png);
        await Taro.saveImageToPhotosAlbum({ filePath });
      },
      { key: 'save', toast: '已保存到相册', fail: () => '保存失败，请允许保存到相册', failToast: true },
    );
  };

  /** Standing at the site: adds the Wi-Fi the phone is connected to (its BSSID) to the site. */
  const recordWifi = async () => {
    if (!code) return;
    await action.run(
      async () => {
        const bssid = await connectedBssid();
        if (!bssid) {
          setError('无法读取当前 Wi-Fi：请连上阵地的 Wi-Fi，打开手机定位并允许后重试');
          return;
        }
        const site = code.site;
        if (site.wifiBssids.includes(bssid)) {
          void Taro.showToast({ title: '这个 Wi-Fi 已记录', icon: 'none' });
          return;
        }
        if (site.wifiBssids.length >= 20) {
          setError('每个阵地最多记录 20 个 Wi-Fi');
          return;
        }
        const wifiBssids = [...site.wifiBssids, bssid];
        await callApi('activity', 'updateSite', { siteId: site.id, wifiBssids });
        setCode({ ...code, site: { ...site, wifiBssids } });
        void Taro.showToast({ title: '已记录当前 Wi-Fi', icon: 'success' });
        void sites.reload({ quiet: true });
      },
      { key: 'wifi' },
    );
  };

  const here = async () => {
    if (!d) return;
    const fix = await currentLocation();
    if (fix) setD({ ...d, lat: fix.lat.toFixed(6), lng: fix.lng.toFixed(6) });
    else setError('无法获取当前位置，请手动填写经纬度');
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
    await action.run(
      async () => {
        await callApi('activity', 'createSite', {
          branchId,
          name: d.name.trim(),
          kind: d.kind,
          location: { lat, lng },
          radiusM,
        });
        setD(null);
        void sites.reload({ quiet: true });
      },
      { key: 'create' },
    );
  };

  // A member (or an admin without a branch) would only meet 你没有权限 and an offer to register a site.
  if (session.gate) return <View className="page">{session.gate}</View>;
  if (!branchId) {
    return (
      <View className="page">
        <StateView state="empty" text="你还没有所在支部，无法管理阵地" />
      </View>
    );
  }
  return (
    <View className="page sites">
      <PrivacySheet purpose="登记阵地需要获取你的位置和所连 Wi-Fi；保存阵地码需要写入你的相册。" />
      {code ? (
        <Card title={`阵地码 · ${code.site.name}`}>
          <View className="sites__qr">
            {code.out.pngBase64 ? (
              <Image
                className="sites__qr-img"
                src={`data:image/png;base64,${code.out.pngBase64}`}
                mode="aspectFit"
              />
            ) : null}
            <Text className="muted sites__scene">场景值 {code.out.scene}</Text>
            <Text className="muted sites__tip">
              打印后张贴在活动地点门口。成员扫码签到时需开启定位，不在范围内的签到转书记审核。
            </Text>
          </View>
          {process.env.TARO_ENV === 'weapp' ? (
            <View className="sites__wifi">
              <Text className="muted">
                {code.site.wifiBssids.length > 0
                  ? `已记录 ${code.site.wifiBssids.length} 个 Wi-Fi：成员签到时连着其中之一，会作为在场的佐证。`
                  : '站在阵地、连上这里的 Wi-Fi 后记录，成员签到时连着它会作为在场的佐证。'}
              </Text>
              <Button
                block
                type="secondary"
                size="small"
                loading={running === 'wifi'}
                onClick={() => void recordWifi()}
              >
                记录当前 Wi-Fi
              </Button>
            </View>
          ) : null}
          <View className="form__actions">
            <Button type="secondary" onClick={() => setCode(null)}>
              关闭
            </Button>
            <Button onClick={() => void saveImage()}>
              {process.env.TARO_ENV === 'h5' ? '下载图片' : '保存到相册'}
            </Button>
          </View>
        </Card>
      ) : null}

      <Card title="本支部阵地">
        <Loaded load={sites.load} onRetry={() => void sites.reload()} emptyText="还没有登记阵地">
          {(list) =>
            list.map((s) => (
              <ListItem
                key={s.id}
                title={s.name}
                description={`${SITE_KIND_LABELS[s.kind]} · 范围 ${s.radiusM} 米${s.address ? ' · ' + s.address : ''}`}
                extra={
                  <Text className="sites__link">{running === `code:${s.id}` ? '生成中…' : '阵地码'}</Text>
                }
                onClick={() => void showCode(s)}
              />
            ))
          }
        </Loaded>
      </Card>

      <FormError message={error} />

      {d ? (
        <Card title="登记阵地">
          <TextField
            label="名称"
            maxlength={60}
            placeholder="例如：病理学实验室 A301"
            value={d.name}
            onChange={(name) => setD({ ...d, name })}
          />
          <SelectField
            label="类型"
            values={SITE_KINDS}
            labelOf={(k) => SITE_KIND_LABELS[k]}
            value={d.kind}
            onChange={(kind) => setD({ ...d, kind })}
          />
          <View className="sites__row">
            <View className="sites__half">
              <TextField
                label="纬度"
                type="digit"
                value={d.lat}
                placeholder="30.293200"
                onChange={(lat) => setD({ ...d, lat })}
              />
            </View>
            <View className="sites__half">
              <TextField
                label="经度"
                type="digit"
                value={d.lng}
                placeholder="120.086500"
                onChange={(lng) => setD({ ...d, lng })}
              />
            </View>
          </View>
          <Button block type="secondary" size="small" onClick={() => void here()}>
            使用我当前的位置
          </Button>
          <TextField
            label="范围半径（米）"
            type="number"
            value={d.radiusM}
            onChange={(radiusM) => setD({ ...d, radiusM })}
          />
          <View className="form__actions">
            <Button type="secondary" disabled={running === 'create'} onClick={() => setD(null)}>
              取消
            </Button>
            <Button loading={running === 'create'} onClick={() => void create()}>
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

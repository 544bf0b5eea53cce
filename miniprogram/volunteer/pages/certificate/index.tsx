import { useEffect, useState } from 'react';
import { Canvas, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TCertificate, TTeamSummary, TVerifyCertificateOutput } from '@contract/volunteer';
import { HOURS_KIND_LABELS } from '@contract/labels';
import {
  Button,
  Card,
  ListItem,
  Loaded,
  PrivacySheet,
  SelectField,
  StateView,
  TextField,
} from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { download } from '@/services/files';
import { shanghai, yearStart } from '@/utils/time';
import { hoursText } from '../../lib';
import './index.scss';

const W = 330;
const H = 470;
const CANVAS_ID = 'volunteer-certificate';
const day = (ms: number) => shanghai(ms).format('YYYY年M月D日');
const H5 = process.env.TARO_ENV === 'h5';

/**
 * Device pixels per CSS pixel (2–3 on phones). `getWindowInfo` (weapp base library ≥ 2.20.1; ours is
 * ≥ MIN_BASE_LIBRARY; Taro H5: `window.devicePixelRatio`) — not the deprecated getSystemInfoSync,
 * which is only the fallback. Capped at 3: a bigger bitmap is memory, not sharpness.
 */
function pixelRatio(): number {
  try {
    const info = Taro.getWindowInfo ? Taro.getWindowInfo() : Taro.getSystemInfoSync();
    return Math.min(3, Math.max(1, Math.round((info.pixelRatio || 1) * 100) / 100));
  } catch {
    return 1;
  }
}
const DPR = pixelRatio();

/** What the certificate is drawn with: text at a size, rectangles, a rule — in CSS pixels. */
interface Pen {
  rect(x: number, y: number, w: number, h: number, color: string): void;
  text(t: string, x: number, y: number, size: number, color: string): void;
  width(t: string, size: number): number;
  rule(x1: number, x2: number, y: number, color: string): void;
  done(): Promise<void>;
}

const FONT = '-apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/**
 * H5: the page's own <canvas> through the standard 2D API. Its bitmap is W·ratio × H·ratio device
 * pixels (the Canvas component's width/height) shown at W × H CSS pixels, and everything is drawn
 * through a ratio transform — without it the browser stretches a W × H bitmap and the text blurs.
 * (Taro's H5 legacy context applies setFontSize at once instead of in draw order, so every line came
 * out at the last size: not used here.)
 */
function h5Pen(): Pen | null {
  const el = document.querySelector(`canvas[canvas-id="${CANVAS_ID}"]`) as HTMLCanvasElement | null;
  const ctx = el?.getContext('2d');
  if (!el || !ctx) return null;
  ctx.setTransform(el.width / W, 0, 0, el.height / H, 0, 0);
  ctx.clearRect(0, 0, W, H);
  ctx.textBaseline = 'alphabetic';
  const font = (size: number) => (ctx.font = `${size}px ${FONT}`);
  return {
    rect: (x, y, w, h, color) => ((ctx.fillStyle = color), ctx.fillRect(x, y, w, h)),
    text: (t, x, y, size, color) => (font(size), (ctx.fillStyle = color), ctx.fillText(t, x, y)),
    width: (t, size) => (font(size), ctx.measureText(t).width),
    rule: (x1, x2, y, color) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x1, y);
      ctx.lineTo(x2, y);
      ctx.stroke();
    },
    done: () => Promise.resolve(),
  };
}

/** Mini-program: the legacy canvas context (WeChat renders it at the device's density itself). */
function weappPen(): Pen {
  const ctx = Taro.createCanvasContext(CANVAS_ID);
  return {
    rect: (x, y, w, h, color) => (ctx.setFillStyle(color), ctx.fillRect(x, y, w, h)),
    text: (t, x, y, size, color) => (ctx.setFontSize(size), ctx.setFillStyle(color), ctx.fillText(t, x, y)),
    width: (t, size) => (ctx.setFontSize(size), ctx.measureText?.(t)?.width || t.length * size),
    rule: (x1, x2, y, color) => {
      ctx.setStrokeStyle(color);
      ctx.beginPath();
      ctx.moveTo(x1, y);
      ctx.lineTo(x2, y);
      ctx.stroke();
    },
    done: () => new Promise((resolve) => ctx.draw(false, () => resolve())),
  };
}

/**
 * Draws the certificate the server issued (nothing is computed here: every figure comes from the
 * frozen certificate) on a canvas, so the member can save it as an image. Sharp on every screen:
 * H5 draws at the device pixel ratio (h5Pen); the mini-program's saved image is asked for at
 * W·ratio × H·ratio (save).
 */
function draw(c: TCertificate): Promise<void> {
  const pen = (H5 && h5Pen()) || weappPen();
  pen.rect(0, 0, W, H, '#fffaf5');
  pen.rect(0, 0, W, 64, '#c8161d');
  // centred by measuring (setTextAlign is not honoured by every runtime's legacy canvas)
  const title = '志愿服务证明';
  pen.text(title, (W - (pen.width(title, 22) || 132)) / 2, 40, 22, '#ffffff');
  let y = 96;
  const line = (text: string, size = 15, color = '#1f1f1f') => {
    pen.text(text, 20, y, size, color);
    y += size + 10;
  };
  line(`兹证明 ${c.name}（工号/学号 ${c.staffNoMasked}）`);
  line(`于 ${day(c.from)} 至 ${day(c.to)}`);
  line(`在「${c.team}」参加志愿服务，`);
  line(`累计 ${hoursText(c.hours.total)}`, 20, '#c8161d');
  line(
    `其中${HOURS_KIND_LABELS.verified} ${c.hours.verified}、${HOURS_KIND_LABELS.added} ${c.hours.added}、${HOURS_KIND_LABELS.reported} ${c.hours.reported} 小时`,
    13,
    '#6b6b6b',
  );
  y += 4;
  for (const e of c.events.slice(0, 7)) {
    const t = e.title.length > 14 ? `${e.title.slice(0, 14)}…` : e.title;
    line(`· ${shanghai(e.date).format('M/D')} ${t}  ${e.hours} 小时`, 13, '#333333');
  }
  if (c.events.length > 7) line(`… 共 ${c.events.length} 项`, 13, '#6b6b6b');
  y = H - 86;
  pen.rule(20, W - 20, y - 16, '#ebebeb');
  line(`证明编号 ${c.certificateNo}`, 13);
  line(`校验码 ${c.verifyCode}`, 16, '#c8161d');
  line(`出具日期 ${day(c.issuedAt)} · 一线支部小程序可验证`, 11, '#6b6b6b');
  return pen.done();
}

async function save(): Promise<string> {
  const r = await Taro.canvasToTempFilePath({
    canvasId: CANVAS_ID,
    width: W,
    height: H,
    destWidth: Math.round(W * DPR),
    destHeight: Math.round(H * DPR),
  });
  if (process.env.TARO_ENV === 'weapp') {
    await Taro.saveImageToPhotosAlbum({ filePath: r.tempFilePath });
    return '已保存到相册';
  }
  download(r.tempFilePath, '志愿服务证明.png');
  return '图片已下载';
}

interface Mine {
  teams: TTeamSummary[];
  mine: TCertificate[];
}

/** My teams and the teams above them (a 总队 certificate counts its 分队' hours), the top first. */
function issuingTeams(teams: TTeamSummary[]): TTeamSummary[] {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const keep = new Set<string>();
  for (const t of teams.filter((x) => x.myStatus === 'active'))
    for (
      let c: (typeof teams)[number] | undefined = t;
      c;
      c = c.parentTeamId ? byId.get(c.parentTeamId) : undefined
    )
      keep.add(c.id);
  const depth = (t: (typeof teams)[number]): number =>
    t.parentTeamId ? 1 + (byId.get(t.parentTeamId) ? depth(byId.get(t.parentTeamId)!) : 0) : 0;
  return teams.filter((t) => keep.has(t.id)).sort((a, b) => depth(a) - depth(b));
}

/**
 * 志愿服务证明: issue one for a team and a period (drawn on a canvas, saved as an image), my earlier
 * ones, and — for anyone, bound or not — checking a certificate's number and code.
 */
export default function CertificatePage() {
  const data = useLoad<Mine>(
    async () => {
      const [teams, mine] = await Promise.all([
        callApi('volunteer', 'listTeams', { scope: 'mine' }),
        callApi('volunteer', 'myCertificates'),
      ]);
      return { teams: issuingTeams(teams.items), mine };
    },
    [],
    { when: 'show' },
  );
  return (
    <View className="page vcert">
      <Loaded load={data.load} onRetry={() => void data.reload()}>
        {(d) => <Issue {...d} />}
      </Loaded>
      <Verify />
    </View>
  );
}

const RANGES = ['year', 'all'] as const;
const RANGE_LABELS = { year: '今年', all: '全部' } as const;

function Issue({ teams, mine }: Mine) {
  const [teamId, setTeamId] = useState<string | null>(teams[0]?.id ?? null);
  const [range, setRange] = useState<(typeof RANGES)[number]>('year');
  const [cert, setCert] = useState<TCertificate | null>(null);
  const { running, msg, run } = useAction();

  useEffect(() => {
    if (cert) void draw(cert);
  }, [cert]);

  const issue = (id: string) =>
    run(
      async () => {
        const now = Date.now();
        setCert(
          await callApi('volunteer', 'issueCertificate', {
            teamId: id,
            from: range === 'year' ? yearStart(now) : 0,
            to: now,
          }),
        );
      },
      { key: 'issue' },
    );

  return (
    <View>
      <PrivacySheet purpose="保存证书需要写入你的相册。" />
      <Card title="生成证明">
        {teamId === null ? (
          <StateView state="empty" text="加入志愿服务队并有确认的时长后可生成证明" />
        ) : (
          <View>
            <SelectField
              label="出具队伍"
              values={teams.map((t) => t.id)}
              labelOf={(id) => teams.find((t) => t.id === id)?.name ?? ''}
              value={teamId}
              onChange={setTeamId}
            />
            <SelectField
              label="期间"
              values={RANGES}
              labelOf={(r) => RANGE_LABELS[r]}
              value={range}
              onChange={setRange}
            />
            <Button block loading={running === 'issue'} onClick={() => void issue(teamId)}>
              生成志愿服务证明
            </Button>
          </View>
        )}
        {msg ? <Text className="form__error vcert__msg">{msg.text}</Text> : null}
      </Card>
      <View className={cert ? 'vcert__canvas-wrap' : 'vcert__canvas-wrap vcert__canvas-wrap--hidden'}>
        <Canvas
          canvasId={CANVAS_ID}
          id={CANVAS_ID}
          className="vcert__canvas"
          style={{ width: `${W}px`, height: `${H}px` }}
          {...(H5 ? { width: String(Math.round(W * DPR)), height: String(Math.round(H * DPR)) } : {})}
        />
        {cert ? (
          <Button
            block
            loading={running === 'save'}
            onClick={() => void run(save, { key: 'save', ok: (said) => said })}
          >
            保存图片
          </Button>
        ) : null}
      </View>
      {mine.length > 0 ? (
        <Card title="我出具过的证明">
          {mine.map((c) => (
            <ListItem
              key={c.certificateNo}
              title={`${c.team} · ${hoursText(c.hours.total)}`}
              description={`${c.certificateNo} · 校验码 ${c.verifyCode} · ${day(c.issuedAt)}`}
              onClick={() => setCert(c)}
            />
          ))}
        </Card>
      ) : null}
    </View>
  );
}

/** Anyone checks a certificate: its number and code, answered by the server. */
function Verify() {
  const [no, setNo] = useState('');
  const [code, setCode] = useState('');
  const [valid, setValid] = useState<TVerifyCertificateOutput | null>(null);
  const { busy: verifying, msg: invalid, run } = useAction();

  const check = () => {
    setValid(null);
    return run(async () =>
      setValid(
        await callApi('volunteer', 'verifyCertificate', {
          certificateNo: no.trim(),
          verifyCode: code.trim(),
        }),
      ),
    );
  };

  return (
    <Card title="验证一份证明">
      <TextField label="证明编号" value={no} placeholder="XFLH-…" onChange={setNo} />
      <TextField label="校验码" value={code} onChange={setCode} />
      <Button
        block
        type="secondary"
        loading={verifying}
        disabled={!no.trim() || !code.trim()}
        onClick={() => void check()}
      >
        验证
      </Button>
      {valid ? (
        <View className="vcert__valid">
          <Text className="vcert__valid-title">✓ 证明有效</Text>
          <Text className="vcert__line">
            {valid.name} · {valid.team}
          </Text>
          <Text className="vcert__line">
            {day(valid.from)} 至 {day(valid.to)} 共 {hoursText(valid.hours.total)}
          </Text>
          <Text className="vcert__line muted">出具于 {day(valid.issuedAt)}</Text>
        </View>
      ) : invalid ? (
        <Text className="vcert__invalid">✗ {invalid.text}</Text>
      ) : null}
    </Card>
  );
}

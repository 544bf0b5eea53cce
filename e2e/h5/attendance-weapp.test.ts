import fs from 'node:fs';
import path from 'node:path';
import { createWeappSandbox, type Sandbox } from '../boot/weapp-sandbox';

/**
 * The attendance pages as the weapp build runs them (dist/weapp in Node with WeChat stand-ins, see
 * e2e/boot/weapp-sandbox.ts): the secretary queue renders flags and evidence from `attendance.queue`
 * over `wx.cloud.callFunction` and a tap on 通过 sends `attendance.review`; the dashboard's export
 * writes the workbook it is answered and opens it with `wx.openDocument` (never `wx.downloadFile`).
 * Run after `npm run build:weapp`.
 */
const dist = path.resolve(__dirname, '../../dist/weapp');
const built = fs.existsSync(path.join(dist, 'secretary/pages/queue/index.js'));
if (!built) console.warn('\n\n!!! ATTENDANCE WEAPP CHECK SKIPPED: run `npm run build:weapp` first. !!!\n\n');
const describeBuilt = built ? describe : describe.skip;

const me = {
  openid: 'o_sec',
  member: { id: 'm_sec', name: '林巧稚', branchId: 'b1', roles: ['member', 'secretary'], status: 'active' },
  roles: ['member', 'secretary'],
};
const at = Date.UTC(2026, 10, 27, 6, 5);

describeBuilt('attendance pages in the weapp build', () => {
  let sb: Sandbox;
  const downloads: string[] = [];
  const opened: { filePath: string; fileType?: string }[] = [];

  beforeAll(() => {
    sb = createWeappSandbox(dist, {
      downloadFile: (o: { url: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
        downloads.push(o.url);
        const r = { tempFilePath: 'wxfile://tmp/export.xlsx', statusCode: 200, errMsg: 'downloadFile:ok' };
        setTimeout(() => {
          o.success?.(r);
          o.complete?.(r);
        }, 0);
      },
      openDocument: (o: {
        filePath: string;
        fileType?: string;
        success?: (r: unknown) => void;
        complete?: (r: unknown) => void;
      }) => {
        opened.push({ filePath: o.filePath, fileType: o.fileType });
        const r = { errMsg: 'openDocument:ok' };
        setTimeout(() => {
          o.success?.(r);
          o.complete?.(r);
        }, 0);
      },
    });
    sb.app.onLaunch?.({ path: 'pages/index/index', query: {}, scene: 1001 });
    sb.app.onShow?.({ path: 'pages/index/index', query: {}, scene: 1001 });
  });

  const answer = async (fn: string, action: string, data: unknown) => {
    const call = await sb.waitFor(
      () =>
        sb.cloudCalls.find(
          (c) =>
            c.name === fn &&
            (c.data as { action: string }).action === action &&
            !(c as { done?: boolean }).done,
        ),
      `${fn}.${action} call`,
    );
    (call as { done?: boolean }).done = true;
    call.resolve({ ok: true, data });
    return call;
  };

  it('the queue shows flags and evidence, and 通过 sends one review', async () => {
    const page = sb.openPage('secretary/pages/queue/index');
    await answer('member', 'me', me);
    await answer('member', 'listBranches', {
      items: [{ id: 'b1', name: '妇产科教研室党支部', college: '临床医学院' }],
      nextCursor: null,
    });
    const q = await answer('attendance', 'queue', [
      {
        id: 'a1:m1',
        kind: 'checkin',
        activityId: 'a1',
        activityTitle: '党小组会：病房攻坚',
        memberId: 'm1',
        memberName: '张晓明',
        at,
        flags: ['outside_fence'],
        evidence: { distanceM: 412, accuracy: 25, deviceId: 'dev-abcdefgh', method: 'site', scannedAt: at },
      },
      {
        id: 'r1',
        kind: 'leave',
        activityId: 'a2',
        activityTitle: '支部党员大会',
        memberId: 'm2',
        memberName: '李静怡',
        at,
        flags: [],
        reason: '外出进修',
      },
    ]);
    expect(q.data).toEqual({ action: 'queue', payload: { branchId: 'b1' } });
    await sb.waitFor(() => sb.texts(page).includes('张晓明'), 'queue item rendered');
    const text = sb.texts(page).join('');
    expect(text).toContain('不在签到范围');
    expect(text).toContain('距会场 412 米');
    expect(text).toContain('理由：外出进修');
    sb.tap(page, '核实后通过');
    const review = await sb.waitFor(
      () =>
        sb.cloudCalls.find(
          (c) => c.name === 'attendance' && (c.data as { action: string }).action === 'review',
        ),
      'attendance.review call',
    );
    expect(review.data).toEqual({
      action: 'review',
      payload: { items: [{ id: 'a1:m1', decision: 'approve' }] },
    });
    review.resolve({ ok: true, data: [{ id: 'a1:m1', ok: true, status: 'approved' }] });
    await sb.waitFor(() => !sb.texts(page).includes('张晓明'), 'approved item leaves the queue');
    expect(sb.texts(page)).toContain('李静怡');
  });

  it('the dashboard exports: the file is downloaded and opened as xlsx', async () => {
    const page = sb.openPage('secretary/pages/dashboard/index');
    await answer('attendance', 'stats', {
      branchId: 'b1',
      branchName: '妇产科教研室党支部',
      held: 2,
      members: [
        {
          memberId: 'm1',
          name: '张晓明',
          expected: 2,
          present: 1,
          excused: 1,
          absent: 0,
          pending: 0,
          rate: 1,
        },
      ],
      types: [
        {
          type: 'committee_meeting',
          key: 'committee_meeting',
          label: '支部委员会（每月）',
          held: 1,
          required: 2,
          advisory: false,
        },
      ],
    });
    await sb.waitFor(() => sb.texts(page).includes('张晓明'), 'member rate rendered');
    sb.tap(page, '导出 Excel');
    // The workbook comes in the answer: written to the user data folder and opened — no download
    // from a storage domain (a released mini-program may download only from its allowed domains).
    await answer('attendance', 'export', {
      fileName: '出勤统计-20261127-140500.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes: 4,
      contentBase64: Buffer.from('PK\x03\x04').toString('base64'),
    });
    await sb.waitFor(() => (opened.length ? true : undefined), 'wx.openDocument');
    expect(downloads).toEqual([]);
    expect(opened).toEqual([{ filePath: 'wxfile://usr/出勤统计-20261127-140500.xlsx', fileType: 'xlsx' }]);
    expect(sb.errors).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { createWeappSandbox, subscribeWx, type Sandbox } from '../boot/weapp-sandbox';

/**
 * 提醒我 in the built MINI-PROGRAM (dist/weapp, not the H5 stand-in), with the weapp boot sandbox
 * (e2e/boot/weapp-sandbox.ts): the tap calls `wx.requestSubscribeMessage` at once with the template
 * ids the server answered (`reminder.templates`), then reports the accepted keys to `reminder.subscribe`
 * over `wx.cloud.callFunction`. And when `wx.getSetting` says the user always rejects, the tap never
 * prompts: the page offers the settings (`wx.openSetting`). Lives beside the H5 reminder test (the
 * paths of issue 7); run after `npm run build:weapp`.
 */
const dist = path.resolve(__dirname, '../../dist/weapp');
const built = fs.existsSync(path.join(dist, 'app.js'));
const describeBuilt = built ? describe : describe.skip;

const TEMPLATES = [
  { key: 'meetingReminder', id: 'tpl-remind-xyz', title: '会议提醒' },
  { key: 'meetingCancelled', id: 'tpl-cancel-xyz', title: '会议取消通知' },
];
const now = Date.now();
const activity = {
  id: 'a1',
  branchId: 'b1',
  type: 'group_meeting',
  title: '党小组会：提醒测试',
  site: null,
  startAt: now + 3 * 3600_000,
  endAt: now + 4 * 3600_000,
  status: 'scheduled',
  checkin: {
    opensAt: now + 2.5 * 3600_000,
    closesAt: now + 3.5 * 3600_000,
    proof: 'rotating',
    approval: 'auto',
    requireLocation: false,
    codePeriodSec: 15,
    checkOut: false,
  },
};

type Call = { name: string; data: { action: string; payload?: unknown } };

/** Answers every cloud call as it comes, like the functions would. */
function serve(sb: Sandbox, subscribeCalls: unknown[]) {
  const done = new Set<unknown>();
  const timer = setInterval(() => {
    for (const c of sb.cloudCalls) {
      if (done.has(c)) continue;
      done.add(c);
      const { name, data } = c as unknown as Call;
      const key = `${name}.${data.action}`;
      if (key === 'reminder.templates') c.resolve({ ok: true, data: { templates: TEMPLATES } });
      else if (key === 'activity.get') c.resolve({ ok: true, data: activity });
      else if (key === 'activity.listMine') c.resolve({ ok: true, data: [] });
      else if (key === 'reminder.subscribe') {
        subscribeCalls.push(data.payload);
        c.resolve({ ok: true, data: { credits: { meetingReminder: 1, meetingCancelled: 1 } } });
      } else c.resolve({ ok: false, error: { code: 'INTERNAL', message: `unexpected ${key}` } });
    }
  }, 5);
  return () => clearInterval(timer);
}

describeBuilt('提醒我 in the weapp bundle', () => {
  it('prompts with the server’s template ids inside the tap and reports the accepted keys', async () => {
    const prompts: { tmplIds: string[]; callsBefore: number }[] = [];
    const sb: Sandbox = createWeappSandbox(
      dist,
      subscribeWx({
        answers: { 'tpl-remind-xyz': 'accept', 'tpl-cancel-xyz': 'accept' },
        onPrompt: (tmplIds) => prompts.push({ tmplIds, callsBefore: sb.cloudCalls.length }),
      }),
    );
    sb.app.onLaunch?.({ path: 'pages/activity/index', query: { id: 'a1' }, scene: 1001 });
    const subscribeCalls: unknown[] = [];
    const stop = serve(sb, subscribeCalls);
    try {
      const page = sb.openPage('pages/activity/index', { id: 'a1' });
      await sb.waitFor(() => sb.texts(page).includes('提醒我'), '提醒我 rendered');
      // the ids are loaded before the tap (a prompt must come from the tap itself)
      await sb.waitFor(
        () => sb.cloudCalls.some((c) => (c as unknown as Call).data.action === 'templates'),
        'templates',
      );
      await new Promise((r) => setTimeout(r, 50));
      const before = sb.cloudCalls.length;
      sb.tap(page, '提醒我');
      expect(prompts).toEqual([{ tmplIds: ['tpl-remind-xyz', 'tpl-cancel-xyz'], callsBefore: before }]);
      await sb.waitFor(() => subscribeCalls.length === 1, 'reminder.subscribe');
      expect(subscribeCalls).toEqual([{ accepted: ['meetingReminder', 'meetingCancelled'] }]);
      await sb.waitFor(
        () => sb.texts(page).join('').includes('已开启：可收到 1 条会议提醒（每允许一次多一条）'),
        'accepted state',
      );
      expect(sb.errors).toEqual([]);
    } finally {
      stop();
    }
  });

  it('does not prompt when the user always rejects, and opens the settings instead', async () => {
    let prompted = 0;
    const opened: unknown[] = [];
    const sb = createWeappSandbox(
      dist,
      subscribeWx({
        itemSettings: { 'tpl-remind-xyz': 'reject', 'tpl-cancel-xyz': 'reject' },
        onPrompt: () => void prompted++,
        onOpenSetting: (o) => void opened.push(o),
      }),
    );
    sb.app.onLaunch?.({ path: 'pages/activity/index', query: { id: 'a1' }, scene: 1001 });
    const stop = serve(sb, []);
    try {
      const page = sb.openPage('pages/activity/index', { id: 'a1' });
      await sb.waitFor(() => sb.texts(page).includes('你已设置不再接收会议提醒'), 'blocked state');
      sb.tap(page, '去设置开启');
      await sb.waitFor(() => opened.length === 1, 'wx.openSetting');
      expect(opened).toEqual([{ withSubscriptions: true }]);
      expect(prompted).toBe(0);
    } finally {
      stop();
    }
  });

  it('a template WeChat banned (ban) is said to be unavailable, never sent to the settings', async () => {
    let prompted = 0;
    const opened: unknown[] = [];
    const sb = createWeappSandbox(
      dist,
      subscribeWx({
        itemSettings: { 'tpl-remind-xyz': 'ban', 'tpl-cancel-xyz': 'ban' },
        onPrompt: () => void prompted++,
        onOpenSetting: () => void opened.push(1),
      }),
    );
    sb.app.onLaunch?.({ path: 'pages/activity/index', query: { id: 'a1' }, scene: 1001 });
    const stop = serve(sb, []);
    try {
      const page = sb.openPage('pages/activity/index', { id: 'a1' });
      await sb.waitFor(() => sb.texts(page).some((t) => t.includes('会议提醒暂不可用')), 'unavailable state');
      const text = sb.texts(page).join('|');
      expect(text).not.toContain('去设置开启');
      expect(text).not.toContain('你已设置不再接收会议提醒');
      expect(prompted).toBe(0);
      expect(opened).toEqual([]);
    } finally {
      stop();
    }
  });
});

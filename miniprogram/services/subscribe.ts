import Taro from '@tarojs/taro';
import { create } from 'zustand';
import type { TCredits, TemplateKey, TTemplatesOutput } from '@contract/reminder';
import { callApi } from './api';

/**
 * Asking for meeting reminders (issue 7). WeChat lets the server message a user once per consent
 * given in a tap (`requestSubscribeMessage`), so the app asks at natural taps — 提醒我 on an
 * activity, after a check-in or a leave request, the home banner when no credit is left — and reports
 * what was accepted to `reminder.subscribe` (the server's ledger: WeChat never tells how many are left).
 *
 * - weapp: template ids come from `reminder.templates` (the server's APP_TEMPLATE_* environment, so
 *   client and sender cannot disagree); they and the subscription settings are loaded BEFORE the tap
 *   (`prepare`), because `requestSubscribeMessage` must be called from the tap itself.
 * - "Always reject": when the user ticked 总是保持以上选择 and rejected (or turned subscriptions off),
 *   WeChat no longer shows the prompt; `getSetting({ withSubscriptions: true })` says so, and the
 *   app points to the settings page (`openSetting`) instead of asking.
 * - H5 (local): there is no WeChat prompt; a local sheet labelled 模拟订阅授权 stands in for it
 *   (`useSubscribeSheet`, rendered by RemindMe), with the same three outcomes.
 */

/** The templates a meeting prompt asks for: the reminder, and the notice if it is cancelled. */
export const MEETING_KEYS: TemplateKey[] = ['meetingReminder', 'meetingCancelled'];

export type Template = TTemplatesOutput['templates'][number];

export type AskOutcome =
  | { kind: 'accepted'; accepted: TemplateKey[]; credits: TCredits }
  | { kind: 'rejected' }
  /** the prompt will not show: point to settings */
  | { kind: 'blocked' }
  /**
   * WeChat itself has banned the template(s) (`ban`): no setting of the user's can bring them back,
   * so the app says the reminder is unavailable instead of pointing to settings.
   */
  | { kind: 'unavailable' };

let templatesPromise: Promise<Template[]> | null = null;

/** The template ids (loaded once per launch). */
export function loadTemplates(): Promise<Template[]> {
  templatesPromise ??= callApi('reminder', 'templates').then(
    (r) => r.templates,
    (e: unknown) => {
      templatesPromise = null;
      throw e;
    },
  );
  return templatesPromise;
}

// ---- H5 stand-in ---------------------------------------------------------------------------------

const H5_BAN_KEY = 'localcloud.subscribe.alwaysReject';

export interface SheetRequest {
  templates: Template[];
  resolve(answer: { accepted: TemplateKey[]; always: boolean }): void;
}

/** The open 模拟订阅授权 sheet, if any (one at a time). */
export const useSubscribeSheet = create<{
  request: SheetRequest | null;
  open(r: SheetRequest): void;
  close(): void;
}>()((set) => ({
  request: null,
  open: (request) => set({ request }),
  close: () => set({ request: null }),
}));

function h5Banned(): boolean {
  try {
    return Taro.getStorageSync(H5_BAN_KEY) === '1';
  } catch {
    return false;
  }
}

function askH5(templates: Template[]): Promise<TemplateKey[] | 'blocked'> {
  if (h5Banned()) return Promise.resolve('blocked');
  return new Promise((resolve) => {
    useSubscribeSheet.getState().open({
      templates,
      resolve: ({ accepted, always }) => {
        useSubscribeSheet.getState().close();
        // "Always keep this choice" with nothing accepted = WeChat's always-reject.
        if (always && accepted.length === 0) Taro.setStorageSync(H5_BAN_KEY, '1');
        resolve(accepted);
      },
    });
  });
}

// ---- weapp ---------------------------------------------------------------------------------------

interface Prepared {
  templates: Template[];
  blocked: boolean;
  /** every asked template is banned by WeChat (`ban`) */
  unavailable?: boolean;
}

type SubscriptionsSetting = { mainSwitch?: boolean; itemSettings?: Record<string, string> };

/**
 * Whether the user's own settings stop the prompt: subscriptions off altogether, or every asked
 * template set to "always reject" (`reject`) — something the user can undo in settings. A template
 * WeChat has banned (`ban`) is not the user's choice and counts neither way here (`isBanned`).
 */
export function isBlocked(setting: SubscriptionsSetting | undefined, ids: string[]): boolean {
  if (!setting) return false;
  if (setting.mainSwitch === false) return true;
  const items = setting.itemSettings ?? {};
  const live = ids.filter((id) => items[id] !== 'ban');
  return live.length > 0 && live.every((id) => items[id] === 'reject');
}

/** Whether WeChat has banned every asked template (`ban` in settings): nothing the user can fix. */
export function isBanned(setting: SubscriptionsSetting | undefined, ids: string[]): boolean {
  const items = setting?.itemSettings ?? {};
  return ids.length > 0 && ids.every((id) => items[id] === 'ban');
}

/** Loads what a tap will need (template ids, settings), so the tap can prompt at once. */
export async function prepare(keys: TemplateKey[] = MEETING_KEYS): Promise<Prepared> {
  const all = await loadTemplates();
  const templates = all.filter((t) => keys.includes(t.key));
  if (process.env.TARO_ENV === 'h5') return { templates, blocked: h5Banned() };
  let blocked = false;
  let unavailable = false;
  try {
    const s = (await Taro.getSetting({ withSubscriptions: true })) as {
      subscriptionsSetting?: SubscriptionsSetting;
    };
    const ids = templates.map((t) => t.id);
    unavailable = isBanned(s.subscriptionsSetting, ids);
    blocked = !unavailable && isBlocked(s.subscriptionsSetting, ids);
  } catch {
    // Settings unknown: prompting is still allowed, WeChat decides.
  }
  return { templates, blocked, unavailable };
}

function promptWeapp(templates: Template[]): Promise<TemplateKey[] | 'blocked' | 'unavailable'> {
  return new Promise((resolve) => {
    Taro.requestSubscribeMessage({
      tmplIds: templates.map((t) => t.id),
      entityIds: [],
      success: (res) => {
        const r = res as unknown as Record<string, string>;
        const accepted = templates.filter((t) => r[t.id] === 'accept').map((t) => t.key);
        // 'ban': WeChat banned the template — not a refusal the user can change.
        if (accepted.length === 0 && templates.length > 0 && templates.every((t) => r[t.id] === 'ban'))
          resolve('unavailable');
        else resolve(accepted);
      },
      fail: (err) => {
        // 20004: the user turned subscriptions off in settings.
        const code = (err as { errCode?: number }).errCode;
        resolve(code === 20004 ? 'blocked' : []);
      },
    } as Parameters<typeof Taro.requestSubscribeMessage>[0]);
  });
}

/**
 * Call from a tap handler, with what `prepare` answered: prompts (WeChat or the H5 sheet) and reports
 * the accepted keys. The prompt is the first thing done, synchronously inside the tap.
 */
export async function askFromTap(prepared: Prepared): Promise<AskOutcome> {
  if (prepared.unavailable) return { kind: 'unavailable' };
  if (prepared.blocked) return { kind: 'blocked' };
  const answer =
    process.env.TARO_ENV === 'h5' ? await askH5(prepared.templates) : await promptWeapp(prepared.templates);
  if (answer === 'unavailable') return { kind: 'unavailable' };
  if (answer === 'blocked') return { kind: 'blocked' };
  if (answer.length === 0) return { kind: 'rejected' };
  const { credits } = await callApi('reminder', 'subscribe', { accepted: answer });
  return { kind: 'accepted', accepted: answer, credits };
}

/** Where "always reject" is undone: WeChat's settings page (H5: the stand-in forgets the choice). */
export async function openSubscribeSettings(): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    Taro.removeStorageSync(H5_BAN_KEY);
    return;
  }
  await Taro.openSetting({ withSubscriptions: true } as Parameters<typeof Taro.openSetting>[0]);
}

export function myCredits(): Promise<TCredits> {
  return callApi('reminder', 'credits').then((r) => r.credits);
}

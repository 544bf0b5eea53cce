import rawConfig from '../../../../config/subscribe-templates.json';
import { TEMPLATE_KEYS, type TemplateKey } from '../../../../types/reminder';

/**
 * Subscribe-message templates: one config file, `config/subscribe-templates.json`, read here and by
 * the mini-program (which needs the same ids for `requestSubscribeMessage`). Template ids live in
 * the environment (`idEnv`, an `APP_*` variable), never in the repository.
 */

/** What a field says, independent of the WeChat template's own key names. */
export const MEETING_FIELDS = ['title', 'type', 'time', 'place', 'status', 'note'] as const;
export const CANCEL_FIELDS = ['title', 'type', 'time', 'place', 'reason', 'status'] as const;
export type MeetingField = (typeof MEETING_FIELDS)[number];
export type CancelField = (typeof CANCEL_FIELDS)[number];
/** A project task gone silent: its title, due time, a status word and a note (docs/projects.md). */
export const TASK_FIELDS = ['title', 'time', 'status', 'note'] as const;
export type TaskField = (typeof TASK_FIELDS)[number];
/** A binding decided (docs/member.md): the branch, 已通过 / 未通过, when, and the reason or next step. */
export const BINDING_FIELDS = ['title', 'time', 'status', 'note'] as const;
export type BindingField = (typeof BINDING_FIELDS)[number];

/** WeChat field kinds we know how to fill (subscribeMessage.send "参数值内容限制"). */
export const FIELD_KINDS = ['thing', 'time', 'date', 'phrase', 'character_string', 'name'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface TemplateSpec<F extends string = string> {
  idEnv: string;
  title: string;
  page: string;
  /** our field → the template's key (`thing1`, `time2`, …) */
  fields: Partial<Record<F, string>>;
}

export interface TemplatesConfig {
  templates: {
    meetingReminder: TemplateSpec<MeetingField>;
    meetingCancelled: TemplateSpec<CancelField>;
    taskReminder: TemplateSpec<TaskField>;
    bindingDecided: TemplateSpec<BindingField>;
  };
}

const KEY_RE = /^(thing|time|date|phrase|character_string|name)\d+$/;

/** The kind of a template key: `thing12` → `thing`. */
export function fieldKind(wechatKey: string): FieldKind {
  const m = KEY_RE.exec(wechatKey);
  if (!m)
    throw new Error(`unsupported subscribe-message field "${wechatKey}" (known: ${FIELD_KINDS.join(', ')})`);
  return m[1] as FieldKind;
}

/** Shape check of the config file, so a bad edit fails at start (and in tests), not at 3 a.m. */
export function parseTemplatesConfig(raw: unknown): TemplatesConfig {
  const problems: string[] = [];
  const templates = (raw as { templates?: Record<string, unknown> } | null)?.templates;
  if (!templates || typeof templates !== 'object')
    throw new Error('subscribe-templates: missing "templates"');
  const allowed: Record<TemplateKey, readonly string[]> = {
    meetingReminder: MEETING_FIELDS,
    meetingCancelled: CANCEL_FIELDS,
    taskReminder: TASK_FIELDS,
    bindingDecided: BINDING_FIELDS,
  };
  for (const key of TEMPLATE_KEYS) {
    const spec = templates[key] as Partial<TemplateSpec> | undefined;
    if (!spec) {
      problems.push(`${key}: missing`);
      continue;
    }
    if (typeof spec.idEnv !== 'string' || !/^APP_[A-Z0-9_]+$/.test(spec.idEnv)) {
      problems.push(`${key}.idEnv: must name an APP_* variable (only those reach the functions)`);
    }
    if (typeof spec.title !== 'string' || spec.title === '') problems.push(`${key}.title: required`);
    if (typeof spec.page !== 'string' || !/^[a-z0-9_\-/]+$/i.test(spec.page) || spec.page.startsWith('/')) {
      problems.push(`${key}.page: a page path without a leading slash`);
    }
    const fields = spec.fields ?? {};
    const seen = new Set<string>();
    for (const [ours, theirs] of Object.entries(fields)) {
      if (!allowed[key].includes(ours)) problems.push(`${key}.fields.${ours}: unknown field`);
      if (typeof theirs !== 'string' || !KEY_RE.test(theirs)) {
        problems.push(`${key}.fields.${ours}: "${String(theirs)}" is not a known WeChat key`);
      } else if (seen.has(theirs)) problems.push(`${key}.fields.${ours}: "${theirs}" used twice`);
      else seen.add(theirs);
    }
    if (!('title' in fields) || !('time' in fields))
      problems.push(`${key}.fields: title and time are required`);
  }
  if (problems.length > 0) throw new Error(`subscribe-templates: ${problems.join('; ')}`);
  return raw as TemplatesConfig;
}

export const templatesConfig: TemplatesConfig = parseTemplatesConfig(rawConfig);

/**
 * The WeChat template id of `key`, from the environment. Missing → an error that names the variable;
 * there is no made-up fallback (a wrong id fails every send with 40037). Locally the emulator
 * accepts any id, so the local start sets e.g. `APP_TEMPLATE_MEETING_REMINDER=local-meeting-reminder`.
 */
export function templateIdFor(
  key: TemplateKey,
  env: Record<string, string | undefined> = process.env,
  config: TemplatesConfig = templatesConfig,
): string {
  const spec = config.templates[key];
  const id = env[spec.idEnv]?.trim();
  if (!id) {
    throw new Error(
      `subscribe template "${key}" has no WeChat template id: set ${spec.idEnv} (see config/subscribe-templates.json)`,
    );
  }
  return id;
}

/** Every template's id, and which variables are missing (for a start-up check or a health page). */
export function templateIds(
  env: Record<string, string | undefined> = process.env,
  config: TemplatesConfig = templatesConfig,
): { ids: Partial<Record<TemplateKey, string>>; missing: string[] } {
  const ids: Partial<Record<TemplateKey, string>> = {};
  const missing: string[] = [];
  for (const key of TEMPLATE_KEYS) {
    const v = env[config.templates[key].idEnv]?.trim();
    if (v) ids[key] = v;
    else missing.push(config.templates[key].idEnv);
  }
  return { ids, missing };
}

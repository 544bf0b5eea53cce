import rawConfig from '../../../../config/subscribe-templates.json';
import { fieldKind, parseTemplatesConfig, templateIdFor, templateIds, templatesConfig } from './templates';

describe('config/subscribe-templates.json', () => {
  it('is a valid config with an APP_* variable per template', () => {
    expect(() => parseTemplatesConfig(rawConfig)).not.toThrow();
    expect(templatesConfig.templates.meetingReminder.idEnv).toBe('APP_TEMPLATE_MEETING_REMINDER');
    expect(templatesConfig.templates.meetingCancelled.idEnv).toBe('APP_TEMPLATE_MEETING_CANCELLED');
  });

  it('holds no template id itself', () => {
    expect(JSON.stringify(rawConfig)).not.toMatch(/"(id|templateId|template_id)"\s*:/);
  });
});

describe('parseTemplatesConfig', () => {
  const good = JSON.parse(JSON.stringify(rawConfig));

  it('refuses a variable that would not reach the functions', () => {
    const bad = JSON.parse(JSON.stringify(good));
    bad.templates.meetingReminder.idEnv = 'TEMPLATE_ID';
    expect(() => parseTemplatesConfig(bad)).toThrow(/meetingReminder\.idEnv/);
  });

  it('refuses an unknown field, an unknown WeChat key kind and a key used twice', () => {
    const bad = JSON.parse(JSON.stringify(good));
    bad.templates.meetingReminder.fields.colour = 'thing9';
    bad.templates.meetingReminder.fields.place = 'amount3';
    bad.templates.meetingCancelled.fields.reason = 'thing1';
    expect(() => parseTemplatesConfig(bad)).toThrow(/fields\.colour: unknown field/);
    expect(() => parseTemplatesConfig(bad)).toThrow(/fields\.place: "amount3" is not a known WeChat key/);
    expect(() => parseTemplatesConfig(bad)).toThrow(/"thing1" used twice/);
  });

  it('refuses a missing template or a page with a leading slash', () => {
    const bad = JSON.parse(JSON.stringify(good));
    delete bad.templates.meetingCancelled;
    bad.templates.meetingReminder.page = '/pages/x';
    expect(() => parseTemplatesConfig(bad)).toThrow(
      /page.*meetingCancelled: missing|meetingCancelled: missing/,
    );
  });
});

describe('templateIdFor', () => {
  it('reads the id from the named environment variable', () => {
    expect(templateIdFor('meetingReminder', { APP_TEMPLATE_MEETING_REMINDER: ' tmpl-abc ' })).toBe(
      'tmpl-abc',
    );
  });

  it('fails with a message naming the variable when it is missing or blank', () => {
    expect(() => templateIdFor('meetingReminder', {})).toThrow(/APP_TEMPLATE_MEETING_REMINDER/);
    expect(() => templateIdFor('meetingCancelled', { APP_TEMPLATE_MEETING_CANCELLED: ' ' })).toThrow(
      /APP_TEMPLATE_MEETING_CANCELLED/,
    );
  });

  it('lists which ids are present and which variables are missing', () => {
    expect(templateIds({ APP_TEMPLATE_MEETING_REMINDER: 't1' })).toEqual({
      ids: { meetingReminder: 't1' },
      missing: [
        'APP_TEMPLATE_MEETING_CANCELLED',
        'APP_TEMPLATE_TASK_REMINDER',
        'APP_TEMPLATE_BINDING_DECIDED',
      ],
    });
  });
});

describe('fieldKind', () => {
  it('reads the kind from the key prefix', () => {
    expect(fieldKind('thing12')).toBe('thing');
    expect(fieldKind('character_string3')).toBe('character_string');
    expect(() => fieldKind('amount1')).toThrow(/amount1/);
  });
});

import * as enums from './enums';
import * as labels from './labels';

/** Each closed list of ./enums.ts and the table that names its values. */
const TABLES: [readonly string[], Record<string, string>][] = [
  [enums.ROLES, labels.ROLE_LABELS],
  [enums.MEMBER_STATUSES, labels.MEMBER_STATUS_LABELS],
  [enums.BRANCH_KINDS, labels.BRANCH_KIND_LABELS],
  [enums.ROSTER_ROW_ERRORS, labels.ROSTER_ROW_ERROR_LABELS],
  [enums.BINDING_STATUSES, labels.BINDING_STATUS_LABELS],
  [enums.MY_DATA_COLLECTIONS, labels.MY_DATA_COLLECTION_LABELS],
  [enums.ACTIVITY_TYPES, labels.ACTIVITY_TYPE_LABELS],
  [enums.SITE_KINDS, labels.SITE_KIND_LABELS],
  [enums.ACTIVITY_STATUSES, labels.ACTIVITY_STATUS_LABELS],
  [enums.PROOF_MODES, labels.PROOF_LABELS],
  [enums.PROOF_MODES, labels.PROOF_HINTS],
  [enums.APPROVAL_MODES, labels.APPROVAL_LABELS],
  [enums.MY_ACTIVITY_STATUSES, labels.MY_STATUS_LABELS],
  [[...enums.CHECKIN_STATUSES, 'revoked'], labels.CHECKIN_STATUS_LABELS],
  [enums.CHECKIN_METHODS, labels.CHECKIN_METHOD_LABELS],
  [enums.CHECKIN_FLAGS, labels.FLAG_LABELS],
  [enums.QUEUE_KINDS, labels.QUEUE_KIND_LABELS],
  [enums.REQUEST_STATUSES, labels.REQUEST_STATUS_LABELS],
  [enums.ATTENDANCE_STATUSES, labels.ATTENDANCE_STATUS_LABELS],
  [enums.MINUTES_STATUSES, labels.MINUTES_STATUS_LABELS],
  [enums.DELEGATION_STATUSES, labels.DELEGATION_STATUS_LABELS],
  [enums.PROJECT_STATUSES, labels.PROJECT_STATUS_LABELS],
  [enums.OPEN_TO, labels.OPEN_TO_LABELS],
  [enums.PROJECT_CATEGORIES, labels.CATEGORY_LABELS],
  [enums.CLAIM_STATUSES, labels.CLAIM_STATUS_LABELS],
  [enums.TASK_STATES, labels.TASK_STATE_LABELS],
  [enums.RATINGS, labels.RATING_LABELS],
  [enums.HISTORY_ACTIONS, labels.HISTORY_ACTION_LABELS],
  [enums.AUDIT_ACTIONS, labels.AUDIT_ACTION_LABELS],
  [enums.AUDIT_TARGETS, labels.AUDIT_TARGET_LABELS],
  [enums.HOURS_KINDS, labels.HOURS_KIND_LABELS],
  [enums.HOURS_STATUSES, labels.HOURS_STATUS_LABELS],
  [enums.ROUNDING_MODES, labels.ROUNDING_LABELS],
  [enums.TEAM_MEMBER_STATUSES, labels.TEAM_MEMBER_STATUS_LABELS],
  [enums.SIGNUP_STATUSES, labels.SIGNUP_STATUS_LABELS],
  [enums.HOURS_FLAGS, labels.HOURS_FLAG_LABELS],
];

describe('label tables (types/labels.ts)', () => {
  it('name every value of their list, and nothing else, in Chinese', () => {
    for (const [list, table] of TABLES) {
      expect(Object.keys(table).sort()).toEqual([...list].sort());
      for (const text of Object.values(table)) expect(text).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fa5][^a-zA-Z]*$/);
    }
  });

  it('use one word for one thing: 阵地码 (never 场所码), 支部委员会 (never 支委会)', () => {
    const all = TABLES.flatMap(([, t]) => Object.values(t)).join('|');
    expect(all).not.toMatch(/场所|支委会/);
    expect(labels.CHECKIN_METHOD_LABELS.site).toContain('阵地码');
    expect(labels.ACTIVITY_TYPE_LABELS.committee_meeting).toBe('支部委员会');
  });

  it('labelOf names a stored string, or answers the fallback for one the table does not know', () => {
    expect(labels.labelOf(labels.AUDIT_ACTION_LABELS, 'activity.create')).toBe('创建活动');
    expect(labels.labelOf(labels.AUDIT_ACTION_LABELS, 'something.else', '其他操作')).toBe('其他操作');
  });
});

describe('enums (types/enums.ts)', () => {
  it('isOneOf narrows only the list’s own values', () => {
    expect(enums.isOneOf(enums.ROLES, 'secretary')).toBe(true);
    expect(enums.isOneOf(enums.ROLES, 'owner')).toBe(false);
    expect(enums.isOneOf(enums.ROLES, 3)).toBe(false);
  });
});

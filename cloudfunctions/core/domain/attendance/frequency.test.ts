import {
  complianceQueryRange,
  complianceReport,
  isHeld,
  meetingRequirements,
  silentBranch,
  type RequirementResult,
} from './frequency';
import type { ActivityFacts, ActivityType } from './model';

const at = (iso: string) => Date.parse(iso);
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let seq = 0;
function act(type: ActivityType, startIso: string, over: Partial<ActivityFacts> = {}): ActivityFacts {
  const startAt = at(startIso);
  return {
    id: `a${++seq}`,
    branchId: 'b1',
    type,
    title: 't',
    startAt,
    endAt: startAt + HOUR,
    status: 'scheduled',
    ...over,
  };
}
const byKey = (rs: RequirementResult[], key: string) => rs.find((r) => r.key === key)!;

// Shanghai Q4 2026 … Q1 2027; "now" is 2027-02-10 12:00 in Shanghai.
const FROM = at('2026-09-30T16:00:00Z');
const TO = at('2027-03-31T16:00:00Z');
const NOW = at('2027-02-10T04:00:00Z');

describe('meetingRequirements', () => {
  it('asks committee and group meetings monthly, congress and lecture quarterly', () => {
    const req = Object.fromEntries(meetingRequirements.map((r) => [r.key, r]));
    expect(req.committee_meeting).toMatchObject({ period: 'month', min: 1, advisory: false });
    expect(req.group_meeting).toMatchObject({ period: 'month', min: 1, advisory: false });
    expect(req.branch_congress).toMatchObject({ period: 'quarter', min: 1, advisory: false });
    expect(req.party_lecture).toMatchObject({ period: 'quarter', min: 1, advisory: false });
  });

  it('marks the monthly theme day and the yearly integrity lecture as advisory', () => {
    const req = Object.fromEntries(meetingRequirements.map((r) => [r.key, r]));
    expect(req.theme_day).toMatchObject({ period: 'month', advisory: true });
    expect(req.integrity_lecture).toMatchObject({
      type: 'party_lecture',
      period: 'year',
      advisory: true,
      integrityOnly: true,
    });
  });
});

describe('isHeld', () => {
  const a = act('committee_meeting', '2027-02-10T02:00:00Z');
  it('is held exactly at its end and not 1 ms before', () => {
    expect(isHeld(a, a.endAt)).toBe(true);
    expect(isHeld(a, a.endAt - 1)).toBe(false);
  });
  it('never counts a cancelled activity', () => {
    expect(isHeld({ ...a, status: 'cancelled' }, a.endAt + DAY)).toBe(false);
  });
});

describe('complianceReport per quarter', () => {
  it('counts a congress at 2026-12-31T16:30Z in 2027-Q1 (already New Year in Shanghai), not 2026-Q4', () => {
    const { requirements } = complianceReport(
      [act('branch_congress', '2026-12-31T16:30:00Z')],
      FROM,
      TO,
      NOW,
    );
    const congress = byKey(requirements, 'branch_congress');
    expect(congress.periods.map((p) => [p.label, p.held, p.status])).toEqual([
      ['2026-Q4', 0, 'missed'],
      ['2027-Q1', 1, 'met'],
    ]);
    expect(congress).toMatchObject({ met: 1, missed: 1, open: 0, totals: { held: 1, required: 2 } });
  });

  it('counts a congress at 2026-12-31T15:59Z in 2026-Q4', () => {
    const { requirements } = complianceReport(
      [act('branch_congress', '2026-12-31T15:59:00Z')],
      FROM,
      TO,
      NOW,
    );
    expect(byKey(requirements, 'branch_congress').periods.map((p) => p.status)).toEqual(['met', 'open']);
  });

  it('leaves the current quarter open, not missed, until it ends', () => {
    const { requirements } = complianceReport([], FROM, TO, NOW);
    expect(byKey(requirements, 'party_lecture').periods.map((p) => p.status)).toEqual(['missed', 'open']);
    const atEnd = complianceReport([], FROM, TO, TO);
    expect(byKey(atEnd.requirements, 'party_lecture').periods.map((p) => p.status)).toEqual([
      'missed',
      'missed',
    ]);
    const justBefore = complianceReport([], FROM, TO, TO - 1);
    expect(byKey(justBefore.requirements, 'party_lecture').periods[1].status).toBe('open');
  });

  it('does not count a meeting that has not ended yet, nor a cancelled one', () => {
    const running = act('party_lecture', '2027-02-10T03:30:00Z'); // ends 04:30Z, after NOW
    const cancelled = act('party_lecture', '2027-01-10T02:00:00Z', { status: 'cancelled' });
    const { requirements } = complianceReport([running, cancelled], FROM, TO, NOW);
    expect(byKey(requirements, 'party_lecture').periods[1]).toMatchObject({ held: 0, status: 'open' });
  });

  it('judges a whole quarter even when the range starts inside it', () => {
    const { requirements } = complianceReport(
      [act('branch_congress', '2026-10-10T02:00:00Z')],
      at('2026-11-15T00:00:00Z'),
      TO,
      NOW,
    );
    expect(byKey(requirements, 'branch_congress').periods[0]).toMatchObject({
      label: '2026-Q4',
      held: 1,
      status: 'met',
    });
  });

  it('marks quarters after now as upcoming and leaves them out of the required total', () => {
    const { requirements } = complianceReport([], FROM, at('2027-09-30T16:00:00Z'), NOW);
    const congress = byKey(requirements, 'branch_congress');
    expect(congress.periods.map((p) => p.status)).toEqual(['missed', 'open', 'upcoming', 'upcoming']);
    expect(congress.totals.required).toBe(2);
  });
});

describe('complianceReport per month', () => {
  it('puts a committee meeting at 2026-12-31T15:00Z in December and one at 16:00Z in January', () => {
    const { requirements } = complianceReport(
      [act('committee_meeting', '2026-12-31T15:00:00Z'), act('committee_meeting', '2026-12-31T16:00:00Z')],
      FROM,
      TO,
      NOW,
    );
    const committee = byKey(requirements, 'committee_meeting');
    expect(committee.periods.map((p) => [p.label, p.held, p.status])).toEqual([
      ['2026-10', 0, 'missed'],
      ['2026-11', 0, 'missed'],
      ['2026-12', 1, 'met'],
      ['2027-01', 1, 'met'],
      ['2027-02', 0, 'open'],
      ['2027-03', 0, 'upcoming'],
    ]);
  });

  it('meets a month with two meetings and reports both as held', () => {
    const { requirements } = complianceReport(
      [act('group_meeting', '2027-01-05T02:00:00Z'), act('group_meeting', '2027-01-25T02:00:00Z')],
      at('2026-12-31T16:00:00Z'),
      at('2027-01-31T16:00:00Z'),
      NOW,
    );
    expect(byKey(requirements, 'group_meeting').periods).toEqual([
      expect.objectContaining({ label: '2027-01', held: 2, required: 1, status: 'met' }),
    ]);
  });

  it('keeps advisory rules in the report, flagged as advice', () => {
    const { requirements } = complianceReport([], FROM, TO, NOW);
    expect(byKey(requirements, 'theme_day')).toMatchObject({ advisory: true, missed: 4 });
  });
});

describe('complianceReport: integrity lecture', () => {
  it('counts only lectures flagged as 廉政党课, per Shanghai year', () => {
    const plain = act('party_lecture', '2026-11-10T02:00:00Z');
    const integrity = act('party_lecture', '2026-12-31T16:30:00Z', { integrityLecture: true }); // 2027 in Shanghai
    const { requirements } = complianceReport([plain, integrity], FROM, TO, NOW);
    expect(byKey(requirements, 'integrity_lecture').periods.map((p) => [p.label, p.held, p.status])).toEqual([
      ['2026', 0, 'missed'],
      ['2027', 1, 'met'],
    ]);
    // both still count as quarterly party lectures
    expect(byKey(requirements, 'party_lecture').periods.map((p) => p.held)).toEqual([1, 1]);
  });
});

describe('silentBranch', () => {
  const last = act('volunteer', '2027-01-01T02:00:00Z');

  it('is not silent 1 ms before 30 days since the last activity started', () => {
    expect(silentBranch([last], last.startAt + 30 * DAY - 1)).toEqual({
      silent: false,
      lastActivityAt: last.startAt,
      daysSince: 29,
    });
  });

  it('is silent exactly 30 days after it', () => {
    expect(silentBranch([last], last.startAt + 30 * DAY)).toMatchObject({ silent: true, daysSince: 30 });
  });

  it('ignores cancelled and future activities', () => {
    const now = last.startAt + 40 * DAY;
    const cancelled = act('theme_day', '2027-02-05T02:00:00Z', { status: 'cancelled' });
    const future = act('theme_day', '2027-02-20T02:00:00Z');
    expect(silentBranch([last, cancelled, future], now)).toMatchObject({
      silent: true,
      lastActivityAt: last.startAt,
    });
  });

  it('calls a branch that never met silent', () => {
    expect(silentBranch([], NOW)).toEqual({ silent: true, lastActivityAt: null, daysSince: null });
  });

  it('is part of the compliance report', () => {
    expect(complianceReport([last], FROM, TO, NOW).silentBranch.silent).toBe(true);
  });
});

describe('complianceQueryRange', () => {
  it('widens the range to whole periods (years for the integrity lecture) and the silence look-back', () => {
    const r = complianceQueryRange(at('2026-11-15T00:00:00Z'), at('2027-02-01T00:00:00Z'), NOW);
    expect(r.from).toBe(at('2025-12-31T16:00:00Z')); // 2026-01-01 in Shanghai
    expect(r.to).toBe(at('2027-12-31T16:00:00Z')); // end of 2027 in Shanghai
  });

  it('reaches back 30 days before now when that is earlier', () => {
    const r = complianceQueryRange(
      NOW,
      NOW + DAY,
      NOW,
      meetingRequirements.filter((x) => x.period === 'month'),
    );
    expect(r.from).toBe(NOW - 30 * DAY);
  });
});

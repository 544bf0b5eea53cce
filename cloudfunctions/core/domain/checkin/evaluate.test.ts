import { CHECKIN_FLAGS } from '../../../../types/checkin';
import { haversineM } from '../geo';
import { bytesToBase64url, deriveDisplayKey, mintCode, siteScene } from '../rotating-code';
import {
  approve,
  evaluateCheckIn,
  peerChange,
  peerFlags,
  FLAG_ORDER,
  type CheckinActivity,
  type CheckinDecision,
  type CheckinSite,
  type EvaluateCheckInInput,
  type PeerCheckin,
} from './evaluate';
import { DEFAULT_CHECKIN_POLICY } from './policy';

const MIN = 60_000;
const START = Date.UTC(2026, 10, 27, 6, 0, 0); // 14:00 Asia/Shanghai
const OPENS = START - 30 * MIN;
const CLOSES = START + 30 * MIN;
const P = 15_000;
/** Default "now": 5 s into the window that starts at START (well clear of too_fast). */
const NOW = START + 5_000;

const ACT = 'act_lab_meeting';
const SECRET = bytesToBase64url(new Uint8Array(32).map((_, i) => 200 - i));
const KEY = deriveDisplayKey(SECRET, ACT);
const CENTRE = { lat: 31.2304, lng: 121.4737 };
const SITE: CheckinSite = {
  id: 'site_lab1',
  code: 'LabA1b2c3',
  location: CENTRE,
  radiusM: 100,
  wifiBssids: ['aa:bb:cc:dd:ee:ff'],
};
const INSIDE = { ...CENTRE, accuracy: 20 };
const ME = { id: 'm_me' };

const activity = (over: Partial<CheckinActivity['checkin']> = {}, top: Partial<CheckinActivity> = {}) =>
  ({
    id: ACT,
    status: 'scheduled',
    startAt: START,
    endAt: START + 120 * MIN,
    siteId: SITE.id,
    checkin: { proof: 'either', approval: 'auto', requireLocation: false, ...over },
    ...top,
  }) satisfies CheckinActivity;

const codeAt = (t: number) => mintCode(KEY, ACT, P, t).code;

type Existing = { id: string; status: string };

function input(over: Partial<EvaluateCheckInInput<Existing>> = {}): EvaluateCheckInInput<Existing> {
  const now = over.now ?? NOW;
  return {
    activity: activity(),
    site: SITE,
    secret: SECRET,
    member: ME,
    expected: true,
    existing: { mine: null, peers: [] },
    proof: { code: codeAt(now), nonce: 'nonce-0001', location: INSIDE, deviceId: 'dev-me' },
    policy: DEFAULT_CHECKIN_POLICY,
    now,
    ...over,
  };
}

const proofWith = (over: Partial<EvaluateCheckInInput<Existing>['proof']>, now = NOW) => ({
  ...input({ now }).proof,
  ...over,
});

function expectAccept(d: CheckinDecision<Existing>) {
  if (d.kind !== 'accept') throw new Error(`expected accept, got ${JSON.stringify(d)}`);
  return d;
}

describe('evaluateCheckIn: accepted scan', () => {
  it('approves a live rotating scan in the window, inside the fence, with full evidence', () => {
    const d = expectAccept(evaluateCheckIn(input()));
    expect(d.status).toBe('approved');
    expect(d.flags).toEqual([]);
    expect(d.checkedInAt).toBe(NOW);
    expect(d.evidence).toMatchObject({
      proofKind: 'rotating',
      codeWindow: Math.floor(START / P),
      codeWindowStart: START,
      judgedAt: NOW,
      receivedAt: NOW,
      scanTimeSource: 'server',
      claimedScannedAt: null,
      distanceM: 0,
      radiusM: 100,
      deviceId: 'dev-me',
      nonce: 'nonce-0001',
      devicePeers: [],
      coordinatePeers: [],
    });
  });

  it('accepts the code as a URL with ?code= (H5 entry)', () => {
    const d = evaluateCheckIn(
      input({ proof: proofWith({ code: `https://h5.example/#/pages/checkin/index?code=${codeAt(NOW)}` }) }),
    );
    expect(d.kind).toBe('accept');
  });
});

describe('evaluateCheckIn: cancelled activity (step 1)', () => {
  it('refuses ACTIVITY_CANCELLED even with a valid code', () => {
    expect(evaluateCheckIn(input({ activity: activity({}, { status: 'cancelled' }) }))).toEqual({
      kind: 'reject',
      code: 'ACTIVITY_CANCELLED',
      reason: 'cancelled',
    });
  });

  it('says cancelled before judging a forged code', () => {
    const d = evaluateCheckIn(
      input({ activity: activity({}, { status: 'cancelled' }), proof: proofWith({ code: 'garbage' }) }),
    );
    expect(d).toMatchObject({ code: 'ACTIVITY_CANCELLED' });
  });
});

describe('evaluateCheckIn: rotating code (step 2)', () => {
  it('accepts the code of the current window', () => {
    expect(evaluateCheckIn(input()).kind).toBe('accept');
  });

  it('accepts the code of the previous window (grace)', () => {
    expect(evaluateCheckIn(input({ proof: proofWith({ code: codeAt(NOW - P) }) })).kind).toBe('accept');
  });

  it('refuses the code of the window before the previous one as CODE_EXPIRED', () => {
    expect(evaluateCheckIn(input({ proof: proofWith({ code: codeAt(NOW - 2 * P) }) }))).toEqual({
      kind: 'reject',
      code: 'CODE_EXPIRED',
      reason: 'expired',
    });
  });

  it('refuses a future window’s code as CODE_INVALID', () => {
    expect(evaluateCheckIn(input({ proof: proofWith({ code: codeAt(NOW + 2 * P) }) }))).toMatchObject({
      code: 'CODE_INVALID',
      reason: 'future_window',
    });
  });

  it('refuses a forged signature (one character changed)', () => {
    const c = codeAt(NOW);
    const forged = c.slice(0, -1) + (c.endsWith('A') ? 'B' : 'A');
    expect(evaluateCheckIn(input({ proof: proofWith({ code: forged }) }))).toMatchObject({
      code: 'CODE_INVALID',
      reason: 'bad_signature',
    });
  });

  it('refuses a truncated code as malformed', () => {
    expect(evaluateCheckIn(input({ proof: proofWith({ code: codeAt(NOW).slice(0, -3) }) }))).toMatchObject({
      code: 'CODE_INVALID',
      reason: 'malformed',
    });
  });

  it('refuses the code of another activity', () => {
    const other = mintCode(deriveDisplayKey(SECRET, 'act_other'), 'act_other', P, NOW).code;
    expect(evaluateCheckIn(input({ proof: proofWith({ code: other }) }))).toMatchObject({
      code: 'CODE_INVALID',
      reason: 'other_activity',
    });
  });

  it('refuses a rotating code when the activity takes site codes only (proof_mode)', () => {
    expect(evaluateCheckIn(input({ activity: activity({ proof: 'site' }) }))).toEqual({
      kind: 'reject',
      code: 'CODE_INVALID',
      reason: 'proof_mode',
    });
  });

  it('verifies under the activity’s own code period', () => {
    const c = mintCode(KEY, ACT, 30_000, NOW).code;
    expect(
      evaluateCheckIn(input({ activity: activity({ codePeriodSec: 30 }), proof: proofWith({ code: c }) }))
        .kind,
    ).toBe('accept');
    expect(evaluateCheckIn(input({ proof: proofWith({ code: c }) }))).toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('throws (a server fault, not a member error) when a rotating activity has no secret', () => {
    expect(() => evaluateCheckIn(input({ secret: null }))).toThrow(/no secret/);
  });
});

describe('evaluateCheckIn: site code (step 2)', () => {
  const scene = siteScene(SITE.code!);

  it('accepts the site scene of the activity’s site with a location', () => {
    const d = expectAccept(evaluateCheckIn(input({ proof: proofWith({ code: scene }) })));
    expect(d.evidence).toMatchObject({ proofKind: 'site', codeWindow: null, codeWindowStart: null });
  });

  it('accepts a mini-program path carrying scene=', () => {
    expect(
      evaluateCheckIn(input({ proof: proofWith({ code: `pages/checkin/index?scene=${scene}` }) })).kind,
    ).toBe('accept');
  });

  it('refuses a site code when the activity takes rotating codes only (proof_mode)', () => {
    expect(
      evaluateCheckIn(
        input({ activity: activity({ proof: 'rotating' }), proof: proofWith({ code: scene }) }),
      ),
    ).toEqual({ kind: 'reject', code: 'CODE_INVALID', reason: 'proof_mode' });
  });

  it('refuses another site’s code (site_mismatch)', () => {
    expect(evaluateCheckIn(input({ proof: proofWith({ code: siteScene('OtherSite1') }) }))).toMatchObject({
      code: 'CODE_INVALID',
      reason: 'site_mismatch',
    });
  });

  it('refuses a site code for an activity held elsewhere (site_mismatch)', () => {
    expect(
      evaluateCheckIn(
        input({ activity: activity({}, { siteId: 'site_other' }), proof: proofWith({ code: scene }) }),
      ),
    ).toMatchObject({ code: 'CODE_INVALID', reason: 'site_mismatch' });
  });

  it('never lets a site code pass the too_fast check (it has no window)', () => {
    const d = expectAccept(evaluateCheckIn(input({ now: START, proof: proofWith({ code: scene }, START) })));
    expect(d.flags).not.toContain('too_fast');
  });
});

describe('evaluateCheckIn: check-in window (step 3)', () => {
  const at = (t: number, over: Partial<EvaluateCheckInInput<Existing>> = {}) =>
    evaluateCheckIn(input({ now: t, proof: proofWith({ code: codeAt(t) }, t), ...over }));

  it('refuses 1 ms before it opens (before_open)', () => {
    expect(at(OPENS - 1)).toEqual({ kind: 'reject', code: 'OUTSIDE_WINDOW', reason: 'before_open' });
  });
  it('accepts exactly at the opening instant', () => expect(at(OPENS).kind).toBe('accept'));
  it('accepts 1 ms after it opens', () => expect(at(OPENS + 1).kind).toBe('accept'));
  it('accepts 1 ms before it closes', () => expect(at(CLOSES - 1).kind).toBe('accept'));
  it('accepts exactly at the closing instant', () => expect(at(CLOSES).kind).toBe('accept'));
  it('refuses 1 ms after it closes (after_close)', () => {
    expect(at(CLOSES + 1)).toEqual({ kind: 'reject', code: 'OUTSIDE_WINDOW', reason: 'after_close' });
  });
  it('uses the activity’s own closesAt', () => {
    const a = activity({ closesAt: START + 5 * MIN });
    expect(at(START + 5 * MIN, { activity: a }).kind).toBe('accept');
    expect(at(START + 5 * MIN + 1, { activity: a })).toMatchObject({ code: 'OUTSIDE_WINDOW' });
  });
});

describe('evaluateCheckIn: expected attendee (step 4)', () => {
  it('refuses a member who is not expected', () => {
    expect(evaluateCheckIn(input({ expected: false }))).toEqual({
      kind: 'reject',
      code: 'NOT_EXPECTED',
      reason: 'not_expected',
    });
  });
});

describe('evaluateCheckIn: location required (step 5)', () => {
  it('refuses a missing location when the activity requires one', () => {
    expect(
      evaluateCheckIn(
        input({ activity: activity({ requireLocation: true }), proof: proofWith({ location: null }) }),
      ),
    ).toEqual({ kind: 'reject', code: 'LOCATION_REQUIRED', reason: 'location_missing' });
  });

  it('S-2: an activity with a site stored without the setting requires a location for a rotating code', () => {
    const unset = activity({ requireLocation: undefined });
    expect(evaluateCheckIn(input({ activity: unset, proof: proofWith({ location: null }) }))).toEqual({
      kind: 'reject',
      code: 'LOCATION_REQUIRED',
      reason: 'location_missing',
    });
    // without a site there is no fence: not required unless asked
    const noSite = activity({ requireLocation: undefined }, { siteId: null });
    expect(evaluateCheckIn(input({ activity: noSite, proof: proofWith({ location: null }) })).kind).toBe(
      'accept',
    );
  });

  it('always requires a location with a site code', () => {
    expect(
      evaluateCheckIn(input({ proof: proofWith({ code: siteScene(SITE.code!), location: undefined }) })),
    ).toMatchObject({ code: 'LOCATION_REQUIRED' });
  });

  it('accepts a rotating scan without location when none is required (no fence flags)', () => {
    const d = expectAccept(evaluateCheckIn(input({ proof: proofWith({ location: undefined }) })));
    expect(d.flags).toEqual([]);
    expect(d.evidence.distanceM).toBeNull();
  });

  it('records the location without fence flags when the activity has no site', () => {
    const d = expectAccept(
      evaluateCheckIn(input({ activity: activity({ requireLocation: true }, { siteId: null }), site: null })),
    );
    expect(d.flags).toEqual([]);
    expect(d.evidence.location).toEqual(INSIDE);
  });
});

describe('evaluateCheckIn: validation order', () => {
  it('judges the code before the window: an old code after closing reads CODE_EXPIRED', () => {
    const t = CLOSES + MIN;
    expect(
      evaluateCheckIn(input({ now: t, proof: proofWith({ code: codeAt(t - 10 * P) }, t) })),
    ).toMatchObject({
      code: 'CODE_EXPIRED',
    });
  });

  it('judges the window before the attendee list', () => {
    const t = CLOSES + 1;
    expect(
      evaluateCheckIn(input({ now: t, expected: false, proof: proofWith({ code: codeAt(t) }, t) })),
    ).toMatchObject({ code: 'OUTSIDE_WINDOW' });
  });

  it('judges the attendee list before the location', () => {
    expect(
      evaluateCheckIn(
        input({
          expected: false,
          activity: activity({ requireLocation: true }),
          proof: proofWith({ location: null }),
        }),
      ),
    ).toMatchObject({ code: 'NOT_EXPECTED' });
  });

  it('judges the location before answering a duplicate', () => {
    const mine = { id: 'ci_1', status: 'approved' };
    expect(
      evaluateCheckIn(
        input({
          activity: activity({ requireLocation: true }),
          proof: proofWith({ location: null }),
          existing: { mine, peers: [] },
        }),
      ),
    ).toMatchObject({ code: 'LOCATION_REQUIRED' });
  });

  it('answers an invalid code, not the existing record, to a member already checked in', () => {
    const mine = { id: 'ci_1', status: 'approved' };
    expect(
      evaluateCheckIn(input({ proof: proofWith({ code: 'r1.x.y.z' }), existing: { mine, peers: [] } })),
    ).toMatchObject({ code: 'CODE_INVALID' });
  });
});

describe('evaluateCheckIn: duplicate (step 6)', () => {
  it('answers the existing record instead of creating a second one', () => {
    const mine = { id: 'ci_1', status: 'pending' };
    const d = evaluateCheckIn(input({ existing: { mine, peers: [] } }));
    expect(d).toEqual({ kind: 'duplicate', existing: mine });
    if (d.kind === 'duplicate') expect(d.existing).toBe(mine);
  });
});

describe('evaluateCheckIn: retried nonce', () => {
  it('gives the same decision for the same input (the decision never depends on hidden state)', () => {
    expect(evaluateCheckIn(input())).toEqual(evaluateCheckIn(input()));
  });

  it('uses the nonce only as evidence: another nonce gives the same verdict', () => {
    const a = expectAccept(evaluateCheckIn(input()));
    const b = expectAccept(evaluateCheckIn(input({ proof: proofWith({ nonce: 'nonce-0002' }) })));
    expect({ ...b, evidence: { ...b.evidence, nonce: 'x' } }).toEqual({
      ...a,
      evidence: { ...a.evidence, nonce: 'x' },
    });
  });

  it('counts a retried scan once: after the first upload was stored, the retry reads as a duplicate', () => {
    // The repository answers a known (member, nonce) from its store without calling the rule; if the
    // rule is reached anyway (race), the stored record makes it a duplicate — never a second record.
    const first = expectAccept(evaluateCheckIn(input()));
    const stored = { id: 'ci_9', status: first.status };
    expect(evaluateCheckIn(input({ now: NOW + 800, existing: { mine: stored, peers: [] } }))).toEqual({
      kind: 'duplicate',
      existing: stored,
    });
  });
});

describe('evaluateCheckIn: offline scans (scannedAt)', () => {
  // Scanned at NOW (code valid then), uploaded later when the code has long expired.
  const offline = (
    uploadAt: number,
    scannedAt: number | null = NOW,
    over: Partial<EvaluateCheckInInput<Existing>> = {},
  ) =>
    evaluateCheckIn(
      input({ now: uploadAt, proof: proofWith({ code: codeAt(NOW), scannedAt }, uploadAt), ...over }),
    );

  it('accepts a code valid at scannedAt though expired now, judged at the scan time', () => {
    const d = expectAccept(offline(NOW + 2 * MIN));
    expect(d.checkedInAt).toBe(NOW);
    expect(d.flags).toEqual([]);
    expect(d.evidence).toMatchObject({ scanTimeSource: 'client', judgedAt: NOW, receivedAt: NOW + 2 * MIN });
  });

  it('does not flag an upload exactly offlineLateMs after the scan', () => {
    expect(expectAccept(offline(NOW + DEFAULT_CHECKIN_POLICY.offlineLateMs)).flags).toEqual([]);
  });

  it('flags offline_late 1 ms beyond offlineLateMs and still accepts', () => {
    const d = expectAccept(offline(NOW + DEFAULT_CHECKIN_POLICY.offlineLateMs + 1));
    expect(d.flags).toEqual(['offline_late']);
    // S-1: a back-dated scan time is evidence, never an automatic approval — even in auto mode
    expect(d.status).toBe('pending');
  });

  it('holds offline_late for review in every approval mode', () => {
    for (const approval of ['auto', 'risk', 'manual'] as const) {
      const d = expectAccept(offline(NOW + 4 * MIN, NOW, { activity: activity({ approval }) }));
      expect([approval, d.flags, d.status]).toEqual([approval, ['offline_late'], 'pending']);
    }
  });

  it('caps the activity’s offlineGraceSec (10 min): an old 24 h grace still flags beyond the cap', () => {
    const a = activity({ offlineGraceSec: 86_400, maxOfflineSec: 7_200 });
    expect(expectAccept(offline(NOW + 10 * MIN, NOW, { activity: a })).flags).toEqual([]);
    const late = expectAccept(offline(NOW + 10 * MIN + 1, NOW, { activity: a }));
    expect([late.flags, late.status]).toEqual([['offline_late'], 'pending']);
  });

  it('honours the activity’s maxOfflineSec, capped at 2 h', () => {
    const a = activity({ maxOfflineSec: 3_600 });
    expect(expectAccept(offline(NOW + 60 * MIN, NOW, { activity: a })).checkedInAt).toBe(NOW);
    expect(offline(NOW + 60 * MIN + 1, NOW, { activity: a })).toMatchObject({ code: 'CODE_EXPIRED' });
    const stored = activity({ maxOfflineSec: 86_400 }); // stored before the cap: 2 h at most
    expect(offline(NOW + 2 * 60 * MIN + 1, NOW, { activity: stored })).toMatchObject({
      code: 'CODE_EXPIRED',
    });
  });

  it('holds offline_late for review in risk mode', () => {
    expect(
      expectAccept(offline(NOW + 10 * MIN, NOW, { activity: activity({ approval: 'risk' }) })).status,
    ).toBe('pending');
  });

  it('uses the activity’s offlineGraceSec instead of the policy default', () => {
    const a = activity({ offlineGraceSec: 60 });
    expect(expectAccept(offline(NOW + 60_000, NOW, { activity: a })).flags).toEqual([]);
    expect(expectAccept(offline(NOW + 60_001, NOW, { activity: a })).flags).toEqual(['offline_late']);
  });

  it('accepts an upload exactly maxOfflineDelayMs after the scan (offline scan within the window)', () => {
    const d = expectAccept(offline(NOW + DEFAULT_CHECKIN_POLICY.maxOfflineDelayMs));
    expect(d.checkedInAt).toBe(NOW);
    expect(d.flags).toContain('offline_late');
  });

  it('ignores a claim 1 ms older than maxOfflineDelayMs: judged now, the code is CODE_EXPIRED', () => {
    expect(offline(NOW + DEFAULT_CHECKIN_POLICY.maxOfflineDelayMs + 1)).toEqual({
      kind: 'reject',
      code: 'CODE_EXPIRED',
      reason: 'expired',
    });
  });

  it('refuses an expired code uploaded without scannedAt', () => {
    expect(offline(NOW + 2 * MIN, null)).toMatchObject({ code: 'CODE_EXPIRED' });
  });

  it('accepts an offline scan made in the window and uploaded after it closed', () => {
    const scan = CLOSES - 1_000;
    const d = evaluateCheckIn(
      input({
        now: CLOSES + 10 * MIN,
        proof: proofWith({ code: codeAt(scan), scannedAt: scan }, CLOSES + 10 * MIN),
      }),
    );
    expect(expectAccept(d).checkedInAt).toBe(scan);
  });

  it('refuses an offline scan made before the window opened', () => {
    const scan = OPENS - 1;
    const d = evaluateCheckIn(
      input({
        now: OPENS + 5 * MIN,
        proof: proofWith({ code: codeAt(scan), scannedAt: scan }, OPENS + 5 * MIN),
      }),
    );
    expect(d).toMatchObject({ code: 'OUTSIDE_WINDOW', reason: 'before_open' });
  });

  it('does not let a false claim rescue a code that was never valid at the claimed time', () => {
    // A photo of an old code, uploaded much later with scannedAt chosen an hour after the code appeared.
    const d = evaluateCheckIn(
      input({
        now: NOW + 90 * MIN,
        proof: proofWith({ code: codeAt(NOW), scannedAt: NOW + 60 * MIN }, NOW + 90 * MIN),
      }),
    );
    expect(d).toMatchObject({ code: 'CODE_EXPIRED' });
  });

  it('clamps a claim slightly in the future (within scanClockSkewMs) to now', () => {
    const d = expectAccept(
      evaluateCheckIn(
        input({ proof: proofWith({ scannedAt: NOW + DEFAULT_CHECKIN_POLICY.scanClockSkewMs }) }),
      ),
    );
    expect(d.checkedInAt).toBe(NOW);
    expect(d.evidence.scanTimeSource).toBe('client');
  });

  it('ignores a claim further in the future and judges the scan at now', () => {
    const d = expectAccept(
      evaluateCheckIn(
        input({ proof: proofWith({ scannedAt: NOW + DEFAULT_CHECKIN_POLICY.scanClockSkewMs + 1 }) }),
      ),
    );
    expect(d.checkedInAt).toBe(NOW);
    expect(d.evidence).toMatchObject({
      scanTimeSource: 'client_ignored',
      claimedScannedAt: NOW + DEFAULT_CHECKIN_POLICY.scanClockSkewMs + 1,
    });
  });

  it('does not fail a live scan from a phone whose clock is behind: the code is valid now', () => {
    const d = expectAccept(evaluateCheckIn(input({ proof: proofWith({ scannedAt: NOW - 10 * MIN }) })));
    expect(d.checkedInAt).toBe(NOW);
    expect(d.flags).toEqual([]);
  });
});

describe('evaluateCheckIn: flags (step 7)', () => {
  const d = haversineM(CENTRE, { lat: CENTRE.lat + 150 / 111_195, lng: CENTRE.lng });
  const at150 = { lat: CENTRE.lat + 150 / 111_195, lng: CENTRE.lng, accuracy: 10 };

  it('flags outside_fence when out of the fence by 1 m', () => {
    const site = { ...SITE, radiusM: d - 1 };
    const r = expectAccept(evaluateCheckIn(input({ site, proof: proofWith({ location: at150 }) })));
    expect(r.flags).toEqual(['outside_fence']);
    expect(r.evidence.distanceM).toBeCloseTo(d, 6);
  });

  it('does not flag a reading exactly on the fence', () => {
    const site = { ...SITE, radiusM: d };
    expect(
      expectAccept(evaluateCheckIn(input({ site, proof: proofWith({ location: at150 }) }))).flags,
    ).toEqual([]);
  });

  it('flags low_accuracy when the accuracy is worse than the radius', () => {
    const r = expectAccept(
      evaluateCheckIn(input({ proof: proofWith({ location: { ...CENTRE, accuracy: 101 } }) })),
    );
    expect(r.flags).toEqual(['low_accuracy']);
    expect(r.status).toBe('approved');
  });

  it('flags too_fast for a scan 999 ms after the code appeared', () => {
    const t = START + 999;
    const r = expectAccept(evaluateCheckIn(input({ now: t, proof: proofWith({ code: codeAt(t) }, t) })));
    expect(r.flags).toEqual(['too_fast']);
  });

  it('does not flag too_fast exactly 1 s after the code appeared', () => {
    const t = START + 1_000;
    expect(
      expectAccept(evaluateCheckIn(input({ now: t, proof: proofWith({ code: codeAt(t) }, t) }))).flags,
    ).toEqual([]);
  });

  it('flags too_fast for a code accepted under the clock-skew tolerance before its window', () => {
    const t = START - 500;
    const r = expectAccept(evaluateCheckIn(input({ now: t, proof: proofWith({ code: codeAt(START) }, t) })));
    expect(r.flags).toEqual(['too_fast']);
  });

  it('flags device_shared when another member already used this device id', () => {
    const peers: PeerCheckin[] = [
      { memberId: 'm_a', deviceId: 'dev-me' },
      { memberId: 'm_b', deviceId: 'dev-b' },
      { memberId: 'm_a', deviceId: 'dev-me' },
    ];
    const r = expectAccept(evaluateCheckIn(input({ existing: { mine: null, peers } })));
    expect(r.flags).toEqual(['device_shared']);
    expect(r.evidence.devicePeers).toEqual(['m_a']);
  });

  it('does not flag device_shared for the member’s own earlier device use or a missing device id', () => {
    const peers: PeerCheckin[] = [
      { memberId: ME.id, deviceId: 'dev-me' },
      { memberId: 'm_x', deviceId: null },
    ];
    expect(expectAccept(evaluateCheckIn(input({ existing: { mine: null, peers } }))).flags).toEqual([]);
    expect(
      expectAccept(
        evaluateCheckIn(
          input({ existing: { mine: null, peers }, proof: proofWith({ deviceId: undefined }) }),
        ),
      ).flags,
    ).toEqual([]);
  });

  it('flags same_coordinates for identical lat/lng of another member', () => {
    const peers: PeerCheckin[] = [{ memberId: 'm_c', location: { lat: CENTRE.lat, lng: CENTRE.lng } }];
    const r = expectAccept(evaluateCheckIn(input({ existing: { mine: null, peers } })));
    expect(r.flags).toEqual(['same_coordinates']);
    expect(r.evidence.coordinatePeers).toEqual(['m_c']);
  });

  it('does not flag coordinates that differ in the last digit', () => {
    const peers: PeerCheckin[] = [{ memberId: 'm_c', location: { lat: CENTRE.lat + 1e-7, lng: CENTRE.lng } }];
    expect(expectAccept(evaluateCheckIn(input({ existing: { mine: null, peers } }))).flags).toEqual([]);
  });

  it('reports several flags in a fixed order', () => {
    const t = START + 10;
    const peers: PeerCheckin[] = [{ memberId: 'm_z', deviceId: 'dev-me', location: { lat: 31, lng: 121 } }];
    const r = expectAccept(
      evaluateCheckIn(
        input({
          now: t,
          existing: { mine: null, peers },
          proof: proofWith({ code: codeAt(t), location: { lat: 31, lng: 121, accuracy: 500 } }, t),
        }),
      ),
    );
    expect(r.flags).toEqual([
      'outside_fence',
      'low_accuracy',
      'too_fast',
      'device_shared',
      'same_coordinates',
    ]);
    expect(r.status).toBe('pending');
  });

  it('records a Wi-Fi BSSID match as evidence only', () => {
    const r = expectAccept(evaluateCheckIn(input({ proof: proofWith({ wifiBssid: 'AA-BB-CC-DD-EE-FF' }) })));
    expect(r.evidence.wifiMatch).toBe(true);
    expect(
      expectAccept(evaluateCheckIn(input({ proof: proofWith({ wifiBssid: '11:22:33:44:55:66' }) }))).evidence
        .wifiMatch,
    ).toBe(false);
    expect(expectAccept(evaluateCheckIn(input())).evidence.wifiMatch).toBeNull();
  });
});

describe('peers revealed by a later check-in (S-12)', () => {
  const scanned = { status: 'approved', flags: [], method: 'rotating' } as const;

  it('peerFlags: device peers get device_shared, coordinate peers same_coordinates', () => {
    expect(peerFlags({ devicePeers: ['a', 'b'], coordinatePeers: ['b'] })).toEqual(
      new Map([
        ['a', ['device_shared']],
        ['b', ['device_shared', 'same_coordinates']],
      ]),
    );
  });

  it('a system-approved record goes back to pending when the mode would not approve it', () => {
    expect(peerChange(scanned, ['device_shared'], 'risk')).toEqual({
      status: 'pending',
      flags: ['device_shared'],
    });
    // auto keeps device_shared approved (as it would have for the record itself)
    expect(peerChange(scanned, ['device_shared'], 'auto')).toEqual({
      status: 'approved',
      flags: ['device_shared'],
    });
  });

  it('never overturns a person’s decision or a forced record; adds the flag only', () => {
    for (const peer of [
      { ...scanned, decidedBy: 'sec' },
      { ...scanned, forced: true },
      { ...scanned, method: 'manual' },
      { ...scanned, status: 'rejected' },
    ]) {
      expect(peerChange(peer, ['device_shared'], 'risk')).toEqual({
        status: peer.status,
        flags: ['device_shared'],
      });
    }
  });

  it('no change when the peer already carries the flags', () => {
    expect(peerChange({ status: 'pending', flags: ['device_shared'] }, ['device_shared'], 'risk')).toBeNull();
  });
});

describe('evaluateCheckIn: approval (step 8)', () => {
  const far = { lat: CENTRE.lat + 0.01, lng: CENTRE.lng, accuracy: 10 }; // ≈ 1.1 km away

  it('auto: approves a clean scan', () => {
    expect(expectAccept(evaluateCheckIn(input())).status).toBe('approved');
  });

  it('auto: keeps an out-of-fence scan as pending — never dropped, never approved', () => {
    const r = expectAccept(evaluateCheckIn(input({ proof: proofWith({ location: far }) })));
    expect(r).toMatchObject({ status: 'pending', flags: ['outside_fence'] });
  });

  it('auto: approves despite other flags', () => {
    const peers: PeerCheckin[] = [{ memberId: 'm_a', deviceId: 'dev-me' }];
    expect(expectAccept(evaluateCheckIn(input({ existing: { mine: null, peers } }))).status).toBe('approved');
  });

  it('manual: a clean scan is pending', () => {
    const r = expectAccept(evaluateCheckIn(input({ activity: activity({ approval: 'manual' }) })));
    expect(r).toMatchObject({ status: 'pending', flags: [] });
  });

  it('risk: approves a scan without flags', () => {
    expect(expectAccept(evaluateCheckIn(input({ activity: activity({ approval: 'risk' }) }))).status).toBe(
      'approved',
    );
  });

  it('risk: holds any flag for review', () => {
    const r = expectAccept(
      evaluateCheckIn(
        input({
          activity: activity({ approval: 'risk' }),
          proof: proofWith({ location: { ...CENTRE, accuracy: 500 } }),
        }),
      ),
    );
    expect(r).toMatchObject({ status: 'pending', flags: ['low_accuracy'] });
  });

  it('reports exactly the contract’s flags', () => {
    expect([...FLAG_ORDER].sort()).toEqual([...CHECKIN_FLAGS].sort());
  });

  it('approve(): the table', () => {
    expect(approve('auto', [])).toBe('approved');
    expect(approve('auto', ['outside_fence'])).toBe('pending');
    expect(approve('auto', ['too_fast', 'low_accuracy'])).toBe('approved');
    expect(approve('auto', ['offline_late'])).toBe('pending');
    expect(approve('manual', [])).toBe('pending');
    expect(approve('risk', [])).toBe('approved');
    expect(approve('risk', ['same_coordinates'])).toBe('pending');
  });
});

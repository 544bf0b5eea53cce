import { CLAIM_STATUSES, type ClaimStatus, PROJECT_STATUSES } from '../../../../types/project';
import {
  CLAIM_EVENTS,
  type ClaimEvent,
  counterDelta,
  PROJECT_EVENTS,
  projectTransition,
  transition,
} from './claim-machine';

/** Every allowed transition; every other (status, event) pair must be refused. */
const ALLOWED: [ClaimStatus | null, ClaimEvent, ClaimStatus][] = [
  [null, 'claim', 'active'],
  ['released', 'claim', 'active'],
  ['auto_released', 'claim', 'active'],
  ['rejected', 'claim', 'active'],
  ['pending', 'approve', 'active'],
  ['pending', 'reject', 'rejected'],
  ['pending', 'release', 'released'],
  ['active', 'progress', 'active'],
  ['active', 'submit', 'in_review'],
  ['active', 'release', 'released'],
  ['active', 'auto_release', 'auto_released'],
  ['in_review', 'accept', 'done'],
  ['in_review', 'return', 'active'],
];

describe('claim transitions', () => {
  const allowed = new Map(ALLOWED.map(([f, e, t]) => [`${f}|${e}`, t]));
  for (const from of [null, ...CLAIM_STATUSES] as (ClaimStatus | null)[]) {
    for (const event of CLAIM_EVENTS) {
      const to = allowed.get(`${from}|${event}`);
      if (to) {
        it(`${from ?? '(none)'} --${event}--> ${to}`, () => {
          expect(transition(from, event)).toEqual({ ok: true, to });
        });
      } else {
        it(`refuses ${event} from ${from ?? '(none)'}`, () => {
          expect(transition(from, event)).toEqual({ ok: false });
        });
      }
    }
  }

  it('a claim on a task needing approval starts pending (also in a later round)', () => {
    expect(transition(null, 'claim', { requiresApproval: true })).toEqual({ ok: true, to: 'pending' });
    expect(transition('released', 'claim', { requiresApproval: true })).toEqual({ ok: true, to: 'pending' });
  });

  it('done is final: every event is refused', () => {
    for (const e of CLAIM_EVENTS) expect(transition('done', e).ok).toBe(false);
  });
});

describe('counterDelta', () => {
  it('a new claim takes a seat and an open slot, pending or active', () => {
    expect(counterDelta(null, 'active')).toEqual({ seats: 1, open: 1 });
    expect(counterDelta('released', 'pending')).toEqual({ seats: 1, open: 1 });
  });
  it('accepting keeps the seat and frees the open slot', () => {
    expect(counterDelta('in_review', 'done')).toEqual({ seats: 0, open: -1 });
  });
  it('release, auto-release and reject free both', () => {
    expect(counterDelta('active', 'released')).toEqual({ seats: -1, open: -1 });
    expect(counterDelta('active', 'auto_released')).toEqual({ seats: -1, open: -1 });
    expect(counterDelta('pending', 'rejected')).toEqual({ seats: -1, open: -1 });
  });
  it('moves between open statuses change nothing', () => {
    expect(counterDelta('pending', 'active')).toEqual({ seats: 0, open: 0 });
    expect(counterDelta('active', 'in_review')).toEqual({ seats: 0, open: 0 });
    expect(counterDelta('in_review', 'active')).toEqual({ seats: 0, open: 0 });
  });
});

describe('project transitions', () => {
  const ok: Record<string, string> = {
    'draft|activate': 'active',
    'draft|close': 'closed',
    'active|close': 'closed',
  };
  for (const from of PROJECT_STATUSES)
    for (const e of PROJECT_EVENTS) {
      const to = ok[`${from}|${e}`];
      it(to ? `${from} --${e}--> ${to}` : `refuses ${e} from ${from}`, () => {
        expect(projectTransition(from, e)).toEqual(to ? { ok: true, to } : { ok: false });
      });
    }
});

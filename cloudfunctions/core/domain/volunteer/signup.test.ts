import { evaluateCancelSignUp, evaluateSignUp, signupDeadline } from './signup';

const T = Date.UTC(2026, 10, 28, 1, 0, 0);
const event = (over: object = {}) => ({
  status: 'scheduled',
  startAt: T,
  capacity: 10,
  signedUp: 3,
  signupClosesAt: T - 60_000,
  ...over,
});

describe('evaluateSignUp', () => {
  it('takes a seat', () =>
    expect(evaluateSignUp(event(), null, true, T - 120_000)).toEqual({ kind: 'sign_up', signedUp: 4 }));
  it('signs up exactly at the deadline; 1 ms after is SIGNUP_CLOSED', () => {
    expect(evaluateSignUp(event(), null, true, T - 60_000).kind).toBe('sign_up');
    expect(evaluateSignUp(event(), null, true, T - 60_000 + 1)).toEqual({
      kind: 'refuse',
      code: 'SIGNUP_CLOSED',
    });
  });
  it('the last seat is taken; one more is EVENT_FULL', () => {
    expect(evaluateSignUp(event({ signedUp: 9 }), null, true, T - 120_000)).toEqual({
      kind: 'sign_up',
      signedUp: 10,
    });
    expect(evaluateSignUp(event({ signedUp: 10 }), null, true, T - 120_000)).toEqual({
      kind: 'refuse',
      code: 'EVENT_FULL',
    });
  });
  it('is idempotent: already signed up answers the same even when full or closed', () => {
    expect(evaluateSignUp(event({ signedUp: 10 }), 'signed_up', true, T + 1)).toEqual({ kind: 'already' });
  });
  it('a cancelled sign-up may sign up again while seats and time remain', () => {
    expect(evaluateSignUp(event(), 'cancelled', true, T - 120_000).kind).toBe('sign_up');
  });
  it('refuses a non-member and a cancelled event', () => {
    expect(evaluateSignUp(event(), null, false, T - 120_000)).toEqual({
      kind: 'refuse',
      code: 'NOT_TEAM_MEMBER',
    });
    expect(evaluateSignUp(event({ status: 'cancelled' }), null, true, T - 120_000)).toEqual({
      kind: 'refuse',
      code: 'ACTIVITY_CANCELLED',
    });
  });
  it('the deadline defaults to the start', () => {
    expect(signupDeadline({ startAt: T })).toBe(T);
    expect(signupDeadline({ startAt: T, signupClosesAt: T - 5 })).toBe(T - 5);
  });
});

describe('evaluateCancelSignUp', () => {
  it('reopens the seat before the deadline (inclusive)', () => {
    expect(evaluateCancelSignUp(event(), 'signed_up', T - 60_000)).toEqual({ kind: 'cancel', signedUp: 2 });
  });
  it('after the deadline is SIGNUP_CLOSED', () => {
    expect(evaluateCancelSignUp(event(), 'signed_up', T - 60_000 + 1)).toEqual({
      kind: 'refuse',
      code: 'SIGNUP_CLOSED',
    });
  });
  it('a second cancel answers the same; never signed up is NOT_FOUND', () => {
    expect(evaluateCancelSignUp(event(), 'cancelled', T + 1)).toEqual({ kind: 'already' });
    expect(evaluateCancelSignUp(event(), null, T)).toEqual({ kind: 'refuse', code: 'NOT_FOUND' });
  });
});

import { checkinSettings } from './checkin-settings';

describe('checkinSettings', () => {
  it('fills what the organiser left out: location with a site, risk review, 15 s codes, check-out as given', () => {
    expect(checkinSettings({ proof: 'site' }, { hasSite: true, checkOut: false })).toEqual({
      opensAt: null,
      closesAt: null,
      proof: 'site',
      requireLocation: true,
      approval: 'risk',
      codePeriodSec: 15,
      checkOut: false,
    });
    const event = checkinSettings({ proof: 'rotating' }, { hasSite: false, checkOut: true });
    expect(event.requireLocation).toBe(false);
    expect(event.checkOut).toBe(true);
  });

  it('keeps every choice the organiser made, including an explicit opt-out of location', () => {
    const chosen = {
      proof: 'either',
      opensAt: 1,
      closesAt: 2,
      requireLocation: false,
      approval: 'manual',
      codePeriodSec: 30,
      checkOut: true,
      offlineGraceSec: 120,
      maxOfflineSec: 600,
    } as const;
    expect(checkinSettings(chosen, { hasSite: true, checkOut: false })).toEqual(chosen);
  });
});

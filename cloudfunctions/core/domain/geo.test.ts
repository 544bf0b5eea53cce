import { fenceCheck, haversineM } from './geo';

// A lab building on a campus in Shanghai.
const CENTRE = { lat: 31.2304, lng: 121.4737 };

describe('haversineM', () => {
  it('is 0 for the same point', () => expect(haversineM(CENTRE, CENTRE)).toBe(0));

  it('measures one degree of latitude as ≈ 111.2 km', () => {
    expect(haversineM({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111_195, -1);
  });

  it('measures a known city distance (Shanghai–Beijing ≈ 1068 km)', () => {
    const d = haversineM({ lat: 31.2304, lng: 121.4737 }, { lat: 39.9042, lng: 116.4074 });
    expect(d / 1000).toBeGreaterThan(1060);
    expect(d / 1000).toBeLessThan(1075);
  });

  it('is symmetric', () => {
    const p = { lat: 31.2311, lng: 121.4745 };
    expect(haversineM(CENTRE, p)).toBeCloseTo(haversineM(p, CENTRE), 9);
  });
});

describe('fenceCheck', () => {
  // A reading ~100 m north of the centre; the fence radius is set relative to its exact distance.
  const reading = { lat: CENTRE.lat + 100 / 111_195, lng: CENTRE.lng, accuracy: 10 };
  const d = haversineM(CENTRE, reading);

  it('is inside when exactly on the fence line', () => {
    expect(fenceCheck({ location: CENTRE, radiusM: d }, reading)).toEqual({
      distanceM: d,
      inside: true,
      lowAccuracy: false,
    });
  });

  it('is outside when out of the fence by 1 m', () => {
    expect(fenceCheck({ location: CENTRE, radiusM: d - 1 }, reading).inside).toBe(false);
  });

  it('is inside 1 m within the fence', () => {
    expect(fenceCheck({ location: CENTRE, radiusM: d + 1 }, reading).inside).toBe(true);
  });

  it('flags low accuracy when the accuracy is worse than the radius, even at the centre', () => {
    const r = fenceCheck({ location: CENTRE, radiusM: 50 }, { ...CENTRE, accuracy: 51 });
    expect(r).toEqual({ distanceM: 0, inside: true, lowAccuracy: true });
  });

  it('does not flag an accuracy exactly equal to the radius', () => {
    expect(fenceCheck({ location: CENTRE, radiusM: 50 }, { ...CENTRE, accuracy: 50 }).lowAccuracy).toBe(
      false,
    );
  });

  it('treats a missing or negative accuracy as low accuracy', () => {
    expect(fenceCheck({ location: CENTRE, radiusM: 50 }, { ...CENTRE, accuracy: NaN }).lowAccuracy).toBe(
      true,
    );
    expect(fenceCheck({ location: CENTRE, radiusM: 50 }, { ...CENTRE, accuracy: -1 }).lowAccuracy).toBe(true);
  });
});

import { coarseDistanceM } from '../geo';
import { checkinForMember } from './member-view';

describe('coarseDistanceM', () => {
  it.each([
    [0, 0],
    [0.4, 100],
    [37.28, 100],
    [100, 100],
    [100.01, 200],
    [999.9, 1000],
    [1000, 1000],
    [1300, 2000],
    [Number.NaN, 0],
  ])('%d m → %d m', (d, out) => {
    expect(coarseDistanceM(d)).toBe(out);
  });
});

describe('checkinForMember', () => {
  it('drops the radius, coarsens both distances, counts peers, keeps the member’s own location', () => {
    const doc = {
      _id: 'a:m',
      evidence: {
        distanceM: 37.281,
        radiusM: 80,
        location: { lat: 30.1, lng: 120.1, accuracy: 10 },
        devicePeers: ['x', 'y'],
        coordinatePeers: [],
      },
      checkoutEvidence: { distanceM: 1301.5, location: { lat: 30.2, lng: 120.1, accuracy: 5 } },
    };
    expect(checkinForMember(doc)).toEqual({
      _id: 'a:m',
      evidence: {
        distanceM: 100,
        location: { lat: 30.1, lng: 120.1, accuracy: 10 },
        devicePeerCount: 2,
        coordinatePeerCount: 0,
      },
      checkoutEvidence: { distanceM: 2000, location: { lat: 30.2, lng: 120.1, accuracy: 5 } },
    });
  });
  it('leaves a record without evidence alone', () => {
    expect(checkinForMember({ _id: 'x', evidence: null })).toEqual({ _id: 'x', evidence: null });
  });
});

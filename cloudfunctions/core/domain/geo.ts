/**
 * Geofence evidence for check-in. Location is client-claimed (wx.getLocation), so it is evidence,
 * never proof: the result only raises flags for review. see docs/checkin.md ("Flags").
 */

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

export interface LatLng {
  lat: number;
  lng: number;
}

export interface GeoReading extends LatLng {
  /** Horizontal accuracy radius in metres as reported by the device (smaller = better). */
  accuracy: number;
}

export interface Fence {
  location: LatLng;
  radiusM: number;
}

export interface FenceResult {
  /** Great-circle distance from the fence centre, metres (unrounded). */
  distanceM: number;
  /** distanceM ≤ radiusM. Exactly on the fence line is inside; 1 m beyond is outside. */
  inside: boolean;
  /**
   * The reading's accuracy is worse than the fence radius (or missing / not a number): such a reading
   * cannot tell inside from outside, so it cannot prove presence whatever distance it claims.
   */
  lowAccuracy: boolean;
}

const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Haversine distance in metres. */
export function haversineM(a: LatLng, b: LatLng): number {
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function fenceCheck(site: Fence, location: GeoReading): FenceResult {
  const distanceM = haversineM(site.location, location);
  const accuracyKnown = Number.isFinite(location.accuracy) && location.accuracy >= 0;
  return {
    distanceM,
    inside: distanceM <= site.radiusM,
    lowAccuracy: !accuracyKnown || location.accuracy > site.radiusM,
  };
}

/**
 * A distance as people other than the site's staff may see it (security/REVIEW.md S-20): rounded UP
 * to 100 m below 1 km and to whole kilometres beyond ("within 100 m", "within 2 km"). Metres to the
 * decimal from a few readings locate the fence centre, which members are not given (S-3).
 */
export function coarseDistanceM(distanceM: number): number {
  if (!Number.isFinite(distanceM) || distanceM <= 0) return 0;
  const step = distanceM < 1000 ? 100 : 1000;
  return Math.ceil(distanceM / step) * step;
}

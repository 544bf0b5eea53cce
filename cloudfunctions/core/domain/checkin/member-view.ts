import { coarseDistanceM } from '../geo';

/**
 * A stored check-in as the member it belongs to sees it (PIPL access, `member.myData`): everything
 * about them, nothing about the site or other people (security/REVIEW.md S-11, S-20).
 *  - `evidence.radiusM` goes, `evidence.distanceM` and `checkoutEvidence.distanceM` are coarse
 *    (`coarseDistanceM`): the fence is the branch's, not the member's;
 *  - `evidence.devicePeers` / `coordinatePeers` (other members' ids) become counts.
 * The member's own claimed location stays: it is theirs.
 */
export function checkinForMember<T extends object>(doc: T): T {
  const d = doc as T & { evidence?: unknown; checkoutEvidence?: unknown };
  const out: Record<string, unknown> = { ...d };
  if (d.evidence && typeof d.evidence === 'object') {
    const {
      devicePeers,
      coordinatePeers,
      radiusM: _radius,
      ...evidence
    } = d.evidence as Record<string, unknown>;
    const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
    out.evidence = {
      ...coarsened(evidence),
      devicePeerCount: count(devicePeers),
      coordinatePeerCount: count(coordinatePeers),
    };
  }
  if (d.checkoutEvidence && typeof d.checkoutEvidence === 'object') {
    const { radiusM: _radius, ...rest } = d.checkoutEvidence as Record<string, unknown>;
    out.checkoutEvidence = coarsened(rest);
  }
  return out as T;
}

function coarsened(ev: Record<string, unknown>): Record<string, unknown> {
  return typeof ev.distanceM === 'number' ? { ...ev, distanceM: coarseDistanceM(ev.distanceM) } : ev;
}

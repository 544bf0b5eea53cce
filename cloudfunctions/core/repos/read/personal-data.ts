import { auditEntriesAbout } from '../audit';
import { everyBindingOf } from '../bindings';
import { everyCheckinOf } from '../checkins';
import { everyCreditOf } from '../credits';
import { listMemberRequests } from '../requests';
import { readThrottle } from '../throttles';

/**
 * A check-in's evidence lists the OTHER members who shared its device or coordinates (for the
 * secretary's review). Their ids are not the requester's data: the access answer keeps only counts.
 */
function withoutPeers(doc: unknown): unknown {
  const d = doc as { evidence?: Record<string, unknown> | null };
  if (!d || typeof d !== 'object' || !d.evidence || typeof d.evidence !== 'object') return doc;
  const { devicePeers, coordinatePeers, ...evidence } = d.evidence;
  const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  return {
    ...d,
    evidence: {
      ...evidence,
      devicePeerCount: count(devicePeers),
      coordinatePeerCount: count(coordinatePeers),
    },
  };
}

/**
 * Read model of a PIPL access request (member.myData): every stored document that names one person,
 * by collection, through each collection's repository. Each query is served by a declared index
 * (collections.json): bindings by openid / memberId, audit by target and actor, check-ins, requests
 * and credits by memberId, throttles by key.
 */
export async function recordsAbout(who: {
  openid: string;
  memberId: string | null;
  throttleKeys: string[];
}): Promise<{ [collection: string]: unknown[] }> {
  const m = who.memberId;
  const [bindingsO, bindingsM, audit, checkins, requests, credits, throttles] = await Promise.all([
    everyBindingOf({ openid: who.openid }),
    m ? everyBindingOf({ memberId: m }) : [],
    auditEntriesAbout(who),
    m ? everyCheckinOf(m) : [],
    m ? listMemberRequests(m) : [],
    m ? everyCreditOf(m) : [],
    Promise.all(who.throttleKeys.map((k) => readThrottle(k))),
  ]);
  return {
    bindings: [...new Map([...bindingsO, ...bindingsM].map((d) => [d._id, d])).values()],
    audit,
    checkins: checkins.map(withoutPeers),
    requests,
    credits,
    throttles: throttles.filter((t) => t !== null),
  };
}

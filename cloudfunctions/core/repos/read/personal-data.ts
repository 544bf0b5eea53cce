import { checkinForMember } from '../../domain/checkin/member-view';
import { auditEntriesAbout } from '../audit';
import { everyBindingOf } from '../bindings';
import { everyCheckinOf } from '../checkins';
import { everyCreditOf } from '../credits';
import { listMemberRequests } from '../requests';
import { readThrottle } from '../throttles';

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
    // the member's own records, without the site's geometry or other members' ids (S-11, S-20)
    checkins: checkins.map((c) => checkinForMember(c as object)),
    requests,
    credits,
    throttles: throttles.filter((t) => t !== null),
  };
}

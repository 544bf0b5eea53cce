import { checkinForMember } from '../domain/checkin/member-view';
import { collection, readAll, type CollectionName } from './db';

/** Every document of the query (an access request answers all of a person's data, not its first page). */
async function where(name: CollectionName, query: Record<string, unknown>): Promise<unknown[]> {
  return readAll<unknown>(name, query);
}

/**
 * Every stored document that names one person, by collection (PIPL access request). Each query is
 * served by a declared index (collections.json): bindings by openid / memberId, audit by target and
 * actor, check-ins, requests and credits by memberId, throttles by key.
 */
export async function recordsAbout(who: {
  openid: string;
  memberId: string | null;
  throttleKeys: string[];
}): Promise<{ [collection: string]: unknown[] }> {
  const out: { [collection: string]: unknown[] } = {};
  const byId = (docs: unknown[]) => {
    const seen = new Map<string, unknown>();
    for (const d of docs) seen.set(String((d as { _id?: unknown })._id), d);
    return [...seen.values()];
  };
  const m = who.memberId;
  const [bindingsO, bindingsM, auditT, auditA, auditO, checkins, requests, credits, throttles] =
    await Promise.all([
      where('bindings', { openid: who.openid }),
      m ? where('bindings', { memberId: m }) : [],
      m ? where('audit', { targetId: m }) : [],
      m ? where('audit', { actor: m }) : [],
      where('audit', { actor: `openid:${who.openid}` }),
      m ? where('checkins', { memberId: m }) : [],
      m ? where('requests', { memberId: m }) : [],
      m ? where('credits', { memberId: m }) : [],
      Promise.all(who.throttleKeys.map((k) => where('throttles', { _id: k }))).then((x) => x.flat()),
    ]);
  out.bindings = byId([...bindingsO, ...bindingsM]);
  out.audit = byId([...auditT, ...auditA, ...auditO]);
  // the member's own records, without the site's geometry or other members' ids (S-11, S-20)
  out.checkins = checkins.map((c) => checkinForMember(c as object));
  out.requests = requests;
  out.credits = credits;
  out.throttles = throttles;
  return out;
}

/**
 * Overwrites a member's name wherever a record copied it for display: check-ins and leave/make-up
 * requests (`memberName`), delegations (`toName`, `fromName`). Multi-document updates by indexed
 * fields; idempotent, so `completeDeletion` runs it before anonymising the row and a failure leaves
 * the deletion repeatable. (`minutes.absentees[].name` and audit entries are not covered here.)
 */
export async function replaceCopiedName(memberId: string, placeholder: string): Promise<void> {
  await Promise.all([
    collection('checkins').where({ memberId }).update({ memberName: placeholder }),
    collection('requests').where({ memberId }).update({ memberName: placeholder }),
    collection('delegations').where({ toMemberId: memberId }).update({ toName: placeholder }),
    collection('delegations').where({ fromMemberId: memberId }).update({ fromName: placeholder }),
  ]);
}

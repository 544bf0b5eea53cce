import type { TCheckInOutput } from '../../../types/checkin';
import { collection, firstDoc, isDuplicateKeyError } from './db';

/**
 * The scan ledger (`checkin_scans`): the first answer per (member, nonce) when that answer created no
 * check-in record (a duplicate), under the deterministic `_id` `<memberId>:<nonce>`. A retried upload
 * gets that answer back without re-running the rule (docs/checkin.md "Nonce and duplicates"; the
 * records themselves: ./checkins.ts).
 */
export interface ScanDoc {
  _id: string;
  memberId: string;
  activityId: string;
  nonce: string;
  answer: TCheckInOutput;
  at: number;
}

export function scanId(memberId: string, nonce: string): string {
  return `${memberId}:${nonce}`;
}

/** The stored answer for a retried scan, if any. */
export async function getScan(memberId: string, nonce: string): Promise<ScanDoc | null> {
  const res = await collection('checkin_scans').doc(scanId(memberId, nonce)).get();
  return firstDoc<ScanDoc>(res.data);
}

/** Keeps the first answer for (member, nonce); answers the one kept (ours, or a racing twin's). */
export async function rememberScan(doc: ScanDoc): Promise<TCheckInOutput> {
  try {
    await collection('checkin_scans').add(doc);
    return doc.answer;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const kept = await getScan(doc.memberId, doc.nonce);
    return kept ? kept.answer : doc.answer;
  }
}

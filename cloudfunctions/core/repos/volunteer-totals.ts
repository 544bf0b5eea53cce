import {
  applyEntryChange,
  emptyTotals,
  shanghaiYear,
  type HoursTotals,
  type TotalsEntry,
} from '../domain/volunteer/totals';
import { collection, firstDoc, runTransaction, type Transaction } from './db';

/**
 * A member's running hours totals (`volunteer_totals`, `_id` = member id; docs/volunteer.md "Totals").
 *
 * Exact by construction: every write of a ledger entry inside a transaction (repos/volunteer-hours.ts
 * `insertHours` / `setHours`) changes this document in the SAME transaction by the entry's difference,
 * so a confirmation and its totals commit or abort together, and two confirmations of one member meet
 * on this document (write-write conflict, one retries). Entries written outside a transaction are
 * never confirmed (insertHours refuses), so they never count.
 *
 * Missing or not `ready` (data from before this document existed, the seed, a bulk load): the first
 * read rebuilds it from the ledger (repos/read/member-hours-totals.ts). Meanwhile a ledger change cannot apply a difference to totals that
 * do not exist, so it bumps `rev` instead; the rebuild reads `rev`, reads the ledger, and writes the
 * totals only if `rev` is unchanged — in a transaction, so a change committing in between aborts it
 * (write-write) and the rebuild starts again. A document of another `v` (format) is rebuilt likewise.
 */
export const TOTALS_VERSION = 1;

export interface TotalsDoc extends HoursTotals {
  _id: string;
  memberId: string;
  ready: boolean;
  v: number;
  /** bumped by every ledger change while not ready (the rebuild's guard) */
  rev: number;
  updatedAt: number;
}

const usable = (d: TotalsDoc | null): boolean => !!d && d.ready && d.v === TOTALS_VERSION;

async function readTx(tx: Transaction, memberId: string): Promise<TotalsDoc | null> {
  return firstDoc<TotalsDoc>((await tx.collection('volunteer_totals').doc(memberId).get()).data);
}

async function writeTx(tx: Transaction, doc: TotalsDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('volunteer_totals').doc(_id).set(rest);
}

/** Inside the transaction that changes a member's ledger entry from `before` to `after`. */
export async function applyTotalsTx(
  tx: Transaction,
  memberId: string,
  before: TotalsEntry | null,
  after: TotalsEntry | null,
  now: number,
): Promise<void> {
  const same = (a: TotalsEntry | null, b: TotalsEntry | null) =>
    (a?.status === 'confirmed' ? `${a.kind}:${a.ch}:${shanghaiYear(a.date)}` : '') ===
    (b?.status === 'confirmed' ? `${b.kind}:${b.ch}:${shanghaiYear(b.date)}` : '');
  if (same(before, after)) return; // a pending entry, a rejection of one: the totals do not move
  const cur = await readTx(tx, memberId);
  if (cur && usable(cur)) {
    await writeTx(tx, { ...cur, ...applyEntryChange(cur, before, after), updatedAt: now });
    return;
  }
  // nothing to add the difference to: only say "changed" (a rebuild in flight starts again)
  await writeTx(tx, {
    ...emptyTotals(),
    _id: memberId,
    memberId,
    ready: false,
    v: TOTALS_VERSION,
    rev: (cur?.rev ?? 0) + 1,
    updatedAt: now,
  });
}

/** The stored document as it is (null when missing). */
export async function getTotalsDoc(memberId: string): Promise<TotalsDoc | null> {
  return firstDoc<TotalsDoc>((await collection('volunteer_totals').doc(memberId).get()).data);
}

/** The document's totals when it can be used as it is (ready, this format); else null. */
export function usableTotals(d: TotalsDoc | null): HoursTotals | null {
  return d && usable(d) ? { all: d.all, years: d.years } : null;
}

/**
 * Stores totals rebuilt from the ledger read after the document showed `rev` — only if the document
 * still shows `rev` (no ledger change committed since) and nobody stored ready totals meanwhile (then
 * those are answered). In a transaction: a change committing meanwhile makes it conflict. Answers the
 * stored totals, or null when the ledger changed (read it again).
 */
export async function storeRebuiltTotals(
  memberId: string,
  rev: number,
  totals: HoursTotals,
  now: number,
): Promise<HoursTotals | null> {
  return runTransaction(async (tx): Promise<HoursTotals | null> => {
    const cur = await readTx(tx, memberId);
    const ready = usableTotals(cur);
    if (ready) return ready; // another rebuild won
    if ((cur?.rev ?? 0) !== rev) return null;
    await writeTx(tx, {
      ...totals,
      _id: memberId,
      memberId,
      ready: true,
      v: TOTALS_VERSION,
      rev,
      updatedAt: now,
    });
    return totals;
  }).catch((err: unknown) => {
    if (/TRANSACTION_CONFLICT/.test(String((err as { code?: unknown })?.code ?? ''))) return null;
    throw err;
  });
}

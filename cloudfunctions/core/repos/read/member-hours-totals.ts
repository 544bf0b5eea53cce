import { totalsFromEntries, type HoursTotals } from '../../domain/volunteer/totals';
import { listMemberTotalsEntries } from '../volunteer-hours';
import { getTotalsDoc, storeRebuiltTotals, usableTotals } from '../volunteer-totals';

/**
 * A member's hours totals for `myHours` (docs/volunteer.md "Totals"): the running totals document
 * (repos/volunteer-totals.ts), or — missing, not ready, of an older format — rebuilt from the ledger
 * and stored. The rebuild reads the document's `rev` BEFORE the ledger: a change committed earlier is
 * in what it reads, a later one bumps `rev` and the store refuses (then it reads again). After
 * `attempts` lost races it answers what it read (exact for that instant) without storing.
 */
export async function memberTotals(memberId: string, now: number, attempts = 4): Promise<HoursTotals> {
  for (let i = 0; ; i++) {
    const doc = await getTotalsDoc(memberId);
    const ready = usableTotals(doc);
    if (ready) return ready;
    const rev = doc?.rev ?? 0;
    const totals = totalsFromEntries(await listMemberTotalsEntries(memberId));
    if (i >= attempts - 1) return totals;
    const stored = await storeRebuiltTotals(memberId, rev, totals, now);
    if (stored) return stored;
  }
}

/** Totals of the member's entries dated within [from, to] (a range asked for: summed from the ledger). */
export async function totalsInRange(memberId: string, from: number, to: number): Promise<HoursTotals> {
  return totalsFromEntries(await listMemberTotalsEntries(memberId, from, to));
}

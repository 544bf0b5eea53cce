import type { TCredits, TemplateKey } from '../../../types/reminder';
import { applySubscribe, creditOf, MAX_CREDITS_PER_TEMPLATE } from '../domain/reminder';
import { collection, firstDoc, db, readAll, runTransaction, type Transaction } from './db';

/**
 * The subscribe-message credit ledger (domain/reminder/credits.ts): one document per member ×
 * template key, `_id` = `creditId(memberId, key)` and the unique index `member_template_unique`, so
 * two concurrent acceptances or sends meet on the same document and the transaction serialises them.
 */
export interface CreditDoc {
  _id: string;
  memberId: string;
  templateKey: TemplateKey;
  count: number;
  /** last acceptance reported by the mini-program */
  acceptedAt?: number;
  /** last time WeChat answered 43101 (the ledger was wrong: WeChat holds no consent) */
  zeroedAt?: number;
  updatedAt: number;
}

export function creditId(memberId: string, key: string): string {
  return `${memberId}:${key}`;
}

async function readTx(tx: Transaction, memberId: string, key: string): Promise<CreditDoc | null> {
  return firstDoc<CreditDoc>((await tx.collection('credits').doc(creditId(memberId, key)).get()).data);
}

function writeTx(tx: Transaction, doc: CreditDoc): Promise<unknown> {
  const { _id, ...rest } = doc;
  return tx.collection('credits').doc(_id).set(rest);
}

/** A member's credits (served by the prefix of `member_template_unique`). */
export async function getCredits(memberId: string): Promise<TCredits> {
  const res = await collection('credits').where({ memberId }).limit(100).get();
  const out: TCredits = {};
  for (const d of res.data as CreditDoc[]) out[d.templateKey] = creditOf({ n: d.count }, 'n');
  return out;
}

/** Credits of many members for one key (served by `member_template_unique`), memberId → credits. */
export async function creditsOfMembers(
  memberIds: readonly string[],
  key: TemplateKey,
): Promise<Record<string, TCredits>> {
  const cmd = db().command;
  const out: Record<string, TCredits> = {};
  const ids = [...new Set(memberIds)];
  const CHUNK = 500;
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  await Promise.all(
    chunks.map(async (chunk) => {
      const res = await collection('credits')
        .where({ memberId: cmd.in(chunk), templateKey: key })
        .limit(1000)
        .get();
      for (const d of res.data as CreditDoc[]) out[d.memberId] = { ...out[d.memberId], [key]: d.count };
    }),
  );
  return out;
}

/**
 * +1 per accepted key, in one transaction over the member's ledger documents (applySubscribe: a key
 * listed twice in one report counts once). Answers the member's credits afterwards.
 */
export async function addCredits(memberId: string, accepted: readonly TemplateKey[], now: number) {
  const keys = [...new Set(accepted)];
  await runTransaction(async (tx) => {
    for (const key of keys) {
      const doc = await readTx(tx, memberId, key);
      const next = applySubscribe({ [key]: doc?.count ?? 0 }, [key]).credits[key];
      await writeTx(tx, {
        ...(doc ?? { _id: creditId(memberId, key), memberId, templateKey: key }),
        _id: creditId(memberId, key),
        count: next,
        acceptedAt: now,
        updatedAt: now,
      });
    }
  });
  return getCredits(memberId);
}

/** Inside a claim: take one credit. `false` when none is left (another run spent it). */
export async function takeCreditTx(
  tx: Transaction,
  memberId: string,
  key: TemplateKey,
  now: number,
): Promise<boolean> {
  const doc = await readTx(tx, memberId, key);
  const n = creditOf({ n: doc?.count ?? 0 }, 'n');
  if (!doc || n < 1) return false;
  await writeTx(tx, { ...doc, count: n - 1, updatedAt: now });
  return true;
}

/**
 * Inside a transaction: set a member's credits of `key` to `next(current)` when they have a ledger
 * document and the count changes (no document: nothing to give back or drop).
 */
async function setCreditTx(
  tx: Transaction,
  memberId: string,
  key: TemplateKey,
  now: number,
  next: (current: number) => number,
): Promise<void> {
  const doc = await readTx(tx, memberId, key);
  if (!doc) return;
  const count = next(creditOf({ n: doc.count }, 'n'));
  if (count === doc.count) return;
  await writeTx(tx, { ...doc, count, updatedAt: now });
}

/** Inside a transaction: give back one credit a claim took (the reminder was not sent after all). */
export function returnCreditTx(tx: Transaction, memberId: string, key: TemplateKey, now: number) {
  return setCreditTx(tx, memberId, key, now, (n) => Math.min(n + 1, MAX_CREDITS_PER_TEMPLATE));
}

/** Inside a transaction: no credit of `key` is left (the consents were someone else's: a rejected applicant's). */
export function dropCreditTx(tx: Transaction, memberId: string, key: TemplateKey, now: number) {
  return setCreditTx(tx, memberId, key, now, () => 0);
}

/** WeChat answered 43101: it holds no consent for this member, whatever the ledger said. */
export async function zeroCredit(memberId: string, key: TemplateKey, now: number): Promise<void> {
  await runTransaction(async (tx) => {
    const doc = await readTx(tx, memberId, key);
    if (!doc) return;
    await writeTx(tx, { ...doc, count: 0, zeroedAt: now, updatedAt: now });
  });
}

/** A send WeChat refused for another reason (bad data, system busy) did not use the consent: give it back. */
export async function restoreCredit(memberId: string, key: TemplateKey, now: number): Promise<void> {
  await runTransaction(async (tx) => {
    const doc = await readTx(tx, memberId, key);
    if (!doc) return;
    const count = Math.min(creditOf({ n: doc.count }, 'n') + 1, MAX_CREDITS_PER_TEMPLATE);
    await writeTx(tx, { ...doc, count, updatedAt: now });
  });
}

/** Every credit document of a member, unpaged (PIPL access). */
export async function everyCreditOf(memberId: string): Promise<CreditDoc[]> {
  return readAll<CreditDoc>('credits', { memberId });
}

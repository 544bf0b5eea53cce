import { collection, type Transaction } from './db';

/**
 * Confirmed verified + added hundredths per member per Asia/Shanghai day (`volunteer_days`,
 * id `<memberId>:<YYYY-MM-DD>`). Changed only inside the transaction that confirms or corrects an
 * entry, so two confirmations of the same day cannot both pass the daily cap.
 */
export interface DayDoc {
  _id: string;
  memberId: string;
  day: string;
  ch: number;
  updatedAt: number;
}

export const dayId = (memberId: string, day: string) => `${memberId}:${day}`;

export async function getDay(memberId: string, day: string, tx: Transaction): Promise<DayDoc | null> {
  const res = await tx.collection('volunteer_days').doc(dayId(memberId, day)).get();
  const d = Array.isArray(res.data) ? res.data[0] : res.data;
  return (d as DayDoc | undefined) ?? null;
}

export async function setDay(doc: DayDoc, tx: Transaction): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('volunteer_days').doc(_id).set(rest);
}

/** Outside a transaction: the day's confirmed hundredths (0 when none). */
export async function readDayCh(memberId: string, day: string): Promise<number> {
  const res = await collection('volunteer_days').doc(dayId(memberId, day)).get();
  const d = Array.isArray(res.data) ? res.data[0] : res.data;
  return (d as DayDoc | undefined)?.ch ?? 0;
}

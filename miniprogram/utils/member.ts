import type { TBranch } from '@contract/member';

export function branchLabel(b: Pick<TBranch, 'name' | 'college'>): string {
  return b.college ? `${b.name}（${b.college}）` : b.name;
}

/** Counts the data rows of pasted CSV text (without a header line naming 姓名/工号). */
export function countCsvRows(text: string): number {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return 0;
  return /姓名|name|工号|学号|staffno/i.test(lines[0]) ? lines.length - 1 : lines.length;
}

import type { BranchKind, RosterRowError, TBranch } from '@contract/member';

/** Labels for the member pages (issue 4): branch kinds, roster row errors. Types only from the contract: zod stays out of the bundle. */
export const BRANCH_KINDS: BranchKind[] = ['teacher', 'student', 'functional', 'retired'];

export const BRANCH_KIND_LABELS: Record<BranchKind, string> = {
  teacher: '教工支部',
  student: '学生支部',
  functional: '机关支部',
  retired: '离退休支部',
};

export const ROSTER_ROW_ERROR_LABELS: Record<RosterRowError, string> = {
  NAME_REQUIRED: '缺少姓名',
  STAFF_NO_REQUIRED: '缺少工号/学号',
  STAFF_NO_INVALID: '工号/学号格式不正确',
  PHONE_INVALID: '手机号格式不正确',
  DUPLICATE_IN_FILE: '工号/学号在文件中重复',
  STAFF_NO_IN_OTHER_BRANCH: '该工号/学号已在其他支部',
};

export function branchLabel(b: Pick<TBranch, 'name' | 'college'>): string {
  return b.college ? `${b.name}（${b.college}）` : b.name;
}

/** Counts the data rows of pasted CSV text (without a header line naming 姓名/工号). */
export function countCsvRows(text: string): number {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return 0;
  return /姓名|name|工号|学号|staffno/i.test(lines[0]) ? lines.length - 1 : lines.length;
}

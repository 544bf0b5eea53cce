import type { RosterRowError } from '../../../../types/member';

/**
 * Roster rows: one rule for what a good row is, applied per row so a bad phone number refuses that
 * row only. Staff/student numbers (工号/学号) are university-wide ids: unique across branches.
 */
export interface RawRosterRow {
  name?: unknown;
  staffNo?: unknown;
  phone?: unknown;
}

export interface GoodRosterRow {
  /** 0-based index in the input. */
  row: number;
  name: string;
  staffNo: string;
  phone: string | null;
}

export interface RosterCheck {
  good: GoodRosterRow[];
  errors: { row: number; code: RosterRowError }[];
}

/** Mainland mobile numbers: 11 digits starting with 1[3-9]; an optional +86 / 86 prefix is dropped. */
export function normalisePhone(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** Letters, digits and `-`, 3–32 characters, compared case-insensitively (stored upper-case). */
export function normaliseStaffNo(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  return /^[A-Z0-9-]{3,32}$/.test(s) ? s : null;
}

export function normaliseName(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v)).trim();

export function checkRosterRows(rows: readonly RawRosterRow[]): RosterCheck {
  const good: GoodRosterRow[] = [];
  const errors: RosterCheck['errors'] = [];
  const seen = new Map<string, number>();
  rows.forEach((r, row) => {
    const name = normaliseName(text(r.name));
    const rawStaff = text(r.staffNo);
    const rawPhone = text(r.phone);
    if (!name) return void errors.push({ row, code: 'NAME_REQUIRED' });
    if (name.length > 50) return void errors.push({ row, code: 'NAME_REQUIRED' });
    if (!rawStaff) return void errors.push({ row, code: 'STAFF_NO_REQUIRED' });
    const staffNo = normaliseStaffNo(rawStaff);
    if (!staffNo) return void errors.push({ row, code: 'STAFF_NO_INVALID' });
    if (seen.has(staffNo)) {
      // Every occurrence after the first is refused; the first stays as imported.
      return void errors.push({ row, code: 'DUPLICATE_IN_FILE' });
    }
    seen.set(staffNo, row);
    let phone: string | null = null;
    if (rawPhone) {
      phone = normalisePhone(rawPhone);
      if (!phone) return void errors.push({ row, code: 'PHONE_INVALID' });
    }
    good.push({ row, name, staffNo, phone });
  });
  return { good, errors: errors.sort((a, b) => a.row - b.row) };
}

/**
 * PIPL: who may see a member's phone and staff number, and how they look to everyone else.
 * Pure rules; the member function applies them to every row it answers.
 */

/** `13812345678` → `138****5678`. Anything shorter than 7 characters is fully starred. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** `20231531` → `20****31`: the first and last two characters stay, the rest is a fixed `****`. */
export function maskStaffNo(staffNo: string): string {
  if (staffNo.length <= 4) return '*'.repeat(staffNo.length);
  return `${staffNo.slice(0, 2)}****${staffNo.slice(-2)}`;
}

export interface Viewer {
  /** The viewer's own member id (active or not), if any. */
  memberId: string | null;
  isAdmin: boolean;
  /** The branch the viewer is an active secretary of, if any. */
  secretaryOf: string | null;
}

/** The member themself, their branch secretary and admins see the unmasked values. */
export function maySeeContact(viewer: Viewer, subject: { id: string; branchId: string }): boolean {
  if (viewer.isAdmin) return true;
  if (viewer.memberId !== null && viewer.memberId === subject.id) return true;
  return viewer.secretaryOf !== null && viewer.secretaryOf === subject.branchId;
}

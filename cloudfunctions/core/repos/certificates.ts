import type { CertificateContent } from '../domain/volunteer/certificate';
import { collection, isDuplicateKeyError } from './db';

/**
 * Issued certificates (`certificates`), id = the certificate number. `content` is frozen at issue;
 * `mac` is the HMAC over it (domain/volunteer/certificate.ts). Nothing ever updates a certificate.
 */
export interface CertificateDoc {
  _id: string;
  memberId: string;
  teamId: string;
  content: CertificateContent;
  mac: string;
  issuedAt: number;
}

export async function getCertificate(no: string): Promise<CertificateDoc | null> {
  const res = await collection('certificates').doc(no).get();
  const d = Array.isArray(res.data) ? res.data[0] : res.data;
  return (d as CertificateDoc | undefined) ?? null;
}

/** `false` when the number is taken (the caller draws another). */
export async function insertCertificate(doc: CertificateDoc): Promise<boolean> {
  try {
    await collection('certificates').add(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** A member's certificates, newest first (served by `member_issuedAt`). */
export async function listMemberCertificates(memberId: string): Promise<CertificateDoc[]> {
  const res = await collection('certificates')
    .where({ memberId })
    .orderBy('issuedAt', 'desc')
    .limit(100)
    .get();
  return res.data as CertificateDoc[];
}

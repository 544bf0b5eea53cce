import { randomBytes } from 'node:crypto';
import { collection, isDuplicateKeyError } from './db';

/**
 * Server-held secrets (`server_secrets`; clients have no database access at all). Used when no
 * secret is configured in the function's environment (APP_CERT_SECRET): the first use generates 32
 * random bytes under a fixed id; a racing first use loses the insert and reads the winner's.
 */
interface SecretDoc {
  _id: string;
  value: string;
  createdAt: number;
}

export async function serverSecret(name: string, now: number): Promise<string> {
  const read = async () => {
    const res = await collection('server_secrets').doc(name).get();
    const d = Array.isArray(res.data) ? res.data[0] : res.data;
    return (d as SecretDoc | undefined)?.value ?? null;
  };
  const existing = await read();
  if (existing) return existing;
  const value = randomBytes(32).toString('base64');
  try {
    await collection('server_secrets').add({ _id: name, value, createdAt: now });
    return value;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const winner = await read();
    if (!winner) throw err;
    return winner;
  }
}

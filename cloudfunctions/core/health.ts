import { timingSafeEqual } from 'node:crypto';
import { probeBranches } from './repos/branches';

/**
 * The post-deploy smoke check (`npm run deploy -- --check`, README "Release"): a function invoked
 * with `{ action: '__health', token }` through the platform's management API — never by a user: the
 * router refuses it when the platform names a caller, and without the deploy's `APP_HEALTH_TOKEN`
 * (a random secret `npm run deploy` writes to .env.local and every function's variables) — answers whether its database is reachable, which
 * of its APP_* variables arrived (names only, never values) and what each open API it declares
 * answered. Open-API probes are harmless: a QR of the home page, and a subscribe message to an
 * openid that does not exist (WeChat answers an errcode — which proves the permission is granted —
 * where a missing permission answers -604101).
 */
export type OpenApiName = 'wxacode.getUnlimited' | 'subscribeMessage.send';

export interface HealthReport {
  fn: string;
  ok: boolean;
  database: string;
  env: Record<string, boolean>;
  openapi: Record<string, string>;
}

/** One open API's probe (core/openapi-probes.ts), passed in by the function that declares it. */
export type OpenApiProbe = () => Promise<{ ok: boolean; text: string }>;

/** Whether `token` is this deployment's APP_HEALTH_TOKEN (none set → nothing matches). */
export function healthTokenMatches(token: unknown): boolean {
  const want = process.env.APP_HEALTH_TOKEN ?? '';
  if (want.length < 16 || typeof token !== 'string') return false;
  const a = Buffer.from(token);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function runHealth(
  fn: string,
  probes: Partial<Record<OpenApiName, OpenApiProbe>>,
  env: readonly string[],
): Promise<HealthReport> {
  let database = 'ok';
  try {
    await probeBranches();
  } catch (e) {
    database = `failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const envSet = Object.fromEntries(env.map((name) => [name, !!process.env[name]]));
  const results: Record<string, string> = {};
  let apisOk = true;
  for (const [api, probe] of Object.entries(probes) as [OpenApiName, OpenApiProbe][]) {
    const r = await probe();
    results[api] = r.text;
    apisOk &&= r.ok;
  }
  return {
    fn,
    ok: database === 'ok' && Object.values(envSet).every(Boolean) && apisOk,
    database,
    env: envSet,
    openapi: results,
  };
}

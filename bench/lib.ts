/**
 * Small helpers shared by the benchmarks. Every benchmark measures the things it compares side by
 * side in one run (interleaved rounds), because this machine is shared and absolute times wander:
 * the ratios are the result, the milliseconds are context.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintCode } from '../cloudfunctions/core/domain/rotating-code';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../emulator/index';
import type { createSdkApp } from '../emulator/sdk';
import { roundTripsOf, type RoundTrips } from '../testing/round-trips';
import type { TDisplayCodeOutput } from '../types/activity';
import type { Envelope } from '../types/envelope';

export interface Stats {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return {
    n: s.length,
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    min: s[0],
    max: s[s.length - 1],
  };
}

export const ms = (x: number) => `${x.toFixed(2)} ms`;

export function fmt(name: string, st: Stats): string {
  return `${name.padEnd(34)} n=${String(st.n).padStart(5)}  p50 ${ms(st.p50).padStart(10)}  p95 ${ms(st.p95).padStart(10)}  p99 ${ms(st.p99).padStart(10)}`;
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

/**
 * Runs each task `rounds` times, interleaving the tasks in every round so that load changes on the
 * machine hit all of them alike. Returns the samples per task.
 */
export async function interleave(
  tasks: Record<string, () => Promise<unknown>>,
  rounds: number,
): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [k, fn] of Object.entries(tasks)) {
      const [dt] = await time(fn);
      out[k].push(dt);
    }
  }
  return out;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function machine(): string {
  return `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export interface BenchResult {
  name: string;
  lines: string[];
  /** goals checked in this run: false = the goal was missed */
  goals: { name: string; ok: boolean; value: string }[];
}

const root = path.resolve(__dirname, '..');

export interface BenchCloud {
  cloud: LocalCloud;
  /** `POST /fn/<fn>` with `{ action, payload }` as `openid`: the function's envelope */
  call<T>(fn: string, action: string, payload: unknown, openid: string): Promise<Envelope<T>>;
  /** `call` for a set-up step: the data, or an error naming `fn.action` and the refusal */
  must<T>(fn: string, action: string, payload: unknown, openid: string): Promise<T>;
  /**
   * `call`, plus the invocation's round trips as the local cloud counted them (database requests,
   * open-API calls; counted per invocation, so concurrent calls are fine) and the wall time
   */
  callCounted<T>(
    fn: string,
    action: string,
    payload: unknown,
    openid: string,
  ): Promise<{ result: Envelope<T>; ms: number } & RoundTrips>;
  /** `POST /__timers/<fn>`: the timer run's result envelope and its round trips */
  fireTimerCounted<T>(
    fn: string,
    trigger?: string,
  ): Promise<{ result: Envelope<T>; ms: number } & RoundTrips>;
  /** stops the local cloud and removes its temporary folder */
  stop(): Promise<void>;
}

/**
 * A private local cloud for one benchmark: the repo's collections (plus `extraCollections`), the
 * built functions, strict indexes, no timers, quiet — `opts` overrides any of it.
 */
export async function startBenchCloud(
  label: string,
  opts: Partial<LocalCloudOptions> & { extraCollections?: object[] } = {},
): Promise<BenchCloud> {
  const { extraCollections, ...rest } = opts;
  const dir = tmpDir(`bench-${label}-`);
  let collectionsFile = path.join(root, 'cloudfunctions/collections.json');
  if (extraCollections?.length) {
    const spec = JSON.parse(fs.readFileSync(collectionsFile, 'utf8'));
    spec.collections.push(...extraCollections);
    collectionsFile = path.join(dir, 'collections.json');
    fs.writeFileSync(collectionsFile, JSON.stringify(spec));
  }
  const cloud = await startLocalCloud({
    port: 0,
    dataDir: path.join(dir, 'data'),
    collectionsFile,
    functionsDir: path.join(root, 'dist/functions'),
    strictIndexes: true,
    timers: false,
    quiet: true,
    ...rest,
  });
  const post = (fn: string, action: string, payload: unknown, openid: string) =>
    fetch(`${cloud.url}/fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-openid': openid },
      body: JSON.stringify({ action, payload }),
    });
  const call = async <T>(fn: string, action: string, payload: unknown, openid: string) =>
    (await (await post(fn, action, payload, openid)).json()) as Envelope<T>;
  return {
    cloud,
    call,
    async must<T>(fn: string, action: string, payload: unknown, openid: string) {
      const r = await call<T>(fn, action, payload, openid);
      if (!r.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(r.error)}`);
      return r.data;
    },
    async callCounted<T>(fn: string, action: string, payload: unknown, openid: string) {
      const t0 = performance.now();
      const res = await post(fn, action, payload, openid);
      const result = (await res.json()) as Envelope<T>;
      return { result, ms: performance.now() - t0, ...roundTripsOf(res) };
    },
    async fireTimerCounted<T>(fn: string, trigger?: string) {
      const t0 = performance.now();
      const q = trigger ? `?trigger=${encodeURIComponent(trigger)}` : '';
      const res = await fetch(`${cloud.url}/__timers/${encodeURIComponent(fn)}${q}`, { method: 'POST' });
      const body = (await res.json()) as { result?: Envelope<T> } & Envelope<T>;
      if (!res.ok) throw new Error(`timer ${fn} answered HTTP ${res.status}: ${JSON.stringify(body)}`);
      return { result: body.result as Envelope<T>, ms: performance.now() - t0, ...roundTripsOf(res) };
    },
    async stop() {
      await cloud.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A bound, active member of branch `b1` (or `branchId`) as the benchmarks seed them: member `<id>` is
 * WeChat user `o_<id>`, named `<namePrefix><id>`, bound a day (or `boundAgoMs`) before `now`.
 */
export function benchMember(
  now: number,
  id: string,
  roles: string[] = ['member'],
  { branchId = 'b1', namePrefix = '成员', boundAgoMs = 86_400_000 } = {},
) {
  return {
    _id: id,
    branchId,
    name: `${namePrefix}${id}`,
    staffNo: `S${id}`,
    phone: null,
    openid: `o_${id}`,
    status: 'active',
    roles,
    boundAt: now - boundAgoMs,
    createdAt: now,
    updatedAt: now,
  };
}

/** One branch and its members (`benchMember`), written straight to the database 500 a batch. */
export async function seedBranch(
  db: ReturnType<ReturnType<typeof createSdkApp>['database']>,
  opts: {
    now: number;
    branchId?: string;
    branchName?: string;
    members: { id: string; roles?: string[] }[];
    namePrefix?: string;
    boundAgoMs?: number;
  },
): Promise<void> {
  const { now, branchId = 'b1' } = opts;
  await db.collection('branches').add({
    _id: branchId,
    name: opts.branchName ?? '压测支部',
    college: '基础医学院',
    createdAt: now,
    updatedAt: now,
  });
  for (let i = 0; i < opts.members.length; i += 500)
    await db
      .collection('members')
      .add(
        opts.members
          .slice(i, i + 500)
          .map(({ id, roles }) => benchMember(now, id, roles, { ...opts, branchId })),
      );
}

/** One meeting-reminder credit per member (the subscribe-credit ledger's document shape). */
export function reminderCredits(memberIds: readonly string[], at: number) {
  return memberIds.map((id) => ({
    _id: `${id}:meetingReminder`,
    memberId: id,
    templateKey: 'meetingReminder',
    count: 1,
    updatedAt: at,
  }));
}

/** A set-up call (`BenchCloud.must`): the data, or an error naming the call and the refusal. */
export type Must = <T>(fn: string, action: string, payload: unknown, openid: string) => Promise<T>;

/**
 * A one-hour meeting of `branchId` (default `b1`) starting in 5 minutes, with 15 s rotating codes
 * and risk review, created through `activity.create` by `secretary` (default `o_sec`), whose check-in
 * window is open now. `code()` is the code on its display at this moment, minted from the display key
 * with the server's clock, as the secretary's phone does.
 */
export async function rotatingMeeting(
  must: Must,
  o: { branchId?: string; type: string; title: string; secretary?: string },
): Promise<{ activityId: string; code(): string }> {
  const secretary = o.secretary ?? 'o_sec';
  const now = Date.now();
  const { id: activityId } = await must<{ id: string }>(
    'activity',
    'create',
    {
      branchId: o.branchId ?? 'b1',
      type: o.type,
      title: o.title,
      startAt: now + 5 * 60_000,
      endAt: now + 65 * 60_000,
      checkin: { proof: 'rotating', approval: 'risk', codePeriodSec: 15 },
    },
    secretary,
  );
  const d = await must<TDisplayCodeOutput>('activity', 'displayCode', { activityId }, secretary);
  const offset = d.serverNow! - Date.now();
  return {
    activityId,
    code: () => mintCode(d.displayKey!, activityId, d.periodSec * 1000, Date.now() + offset).code,
  };
}

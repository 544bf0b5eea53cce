/**
 * The admin overview's running summaries for the demo data. The seed writes activities, check-ins
 * and requests straight to the database, like an import — no summary marks — so until the attendance
 * `summaries` timer's first run (every 5 minutes) the overview would have no year documents. The
 * seed therefore runs that timer now, through the local cloud (`POST /__timers/attendance`), until a
 * run says nothing is left: the same code path as production (the timer only writes
 * `activity_summaries`, `branch_years` and `summary_state`; no check-in, request or mark). Without
 * the attendance function (a local cloud serving other functions only) nothing is written and the
 * overview says its branches are still being summarised.
 */
const MAX_RUNS = 20;

interface TimerAnswer {
  result?: { ok?: boolean; data?: { more?: boolean }; error?: unknown };
  error?: unknown;
}

export async function seedSummaries(url: string): Promise<{ runs: number }> {
  for (let runs = 1; runs <= MAX_RUNS; runs++) {
    const res = await fetch(`${url}/__timers/attendance?trigger=summaries`, { method: 'POST' });
    if (res.status === 404) return { runs: 0 }; // no attendance function here
    const body = (await res.json()) as TimerAnswer;
    if (!res.ok || !body.result?.ok)
      throw new Error(`seed: the summaries timer failed: HTTP ${res.status} ${JSON.stringify(body)}`);
    if (!body.result.data?.more) return { runs };
  }
  throw new Error(`seed: the summaries timer still had work after ${MAX_RUNS} runs`);
}

/**
 * Reading the round trips the local cloud reports for an invocation (`/fn/<name>` and
 * `/__timers/<fn>` answer headers, emulator/README.md "Round trips"). Used by the jest harness
 * (testing/cloud.ts) and the benchmarks (bench/lib.ts); no jest imports here.
 */
export interface RoundTrips {
  /** database requests (each a network round trip on CloudBase) */
  dbRequests: number;
  /** open-API calls (subscribeMessage.send, wxacode.getUnlimited, …) */
  openApiCalls: number;
  /** callFunction requests (a called function's own requests are included above) */
  functionCalls: number;
}

/** The counts from an answer's `x-db-requests`, `x-openapi-calls`, `x-function-calls` headers. */
export function roundTripsOf(res: { headers: { get(name: string): string | null } }): RoundTrips {
  const n = (h: string) => {
    const v = res.headers.get(h);
    if (v === null || !/^\d+$/.test(v)) throw new Error(`the answer has no ${h} header`);
    return Number(v);
  };
  return {
    dbRequests: n('x-db-requests'),
    openApiCalls: n('x-openapi-calls'),
    functionCalls: n('x-function-calls'),
  };
}

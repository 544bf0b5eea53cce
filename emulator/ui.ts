/** `GET /__ui`: a read-only dev page (plain HTML): functions, timers, collections and documents, outbox, log tail. */
import type { DatabaseEngine } from './admin';
import type { FunctionStats, InvocationRecord } from './functions/pool';
import type { LogLine } from './logs';
import type { OutboxEntry } from './openapi';
import type { TimerTrigger } from './timers';

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const time = (ms: number | null) =>
  ms
    ? new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
    : '–';

export interface UiInput {
  collection: string | null;
  db: DatabaseEngine | null;
  functions: string[];
  stats: FunctionStats[];
  /** the last finished invocations, newest last */
  invocations?: InvocationRecord[];
  timers: TimerTrigger[];
  clock?: { now: number; offsetMs: number };
  outbox: OutboxEntry[];
  logs: LogLine[];
}

export function renderUi(u: UiInput): string {
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>local cloud</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:14px/1.4 system-ui,sans-serif;margin:1rem 2rem;color:#222}h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
pre{background:#f6f6f6;padding:6px;margin:0;max-height:24rem;overflow:auto;font-size:12px;white-space:pre-wrap}
a{color:#b3261e}.err{color:#b3261e}</style></head><body><h1>local cloud · 本地云开发面板 (read-only)</h1>
${u.clock ? `<p>clock (<a href="/__clock">/__clock</a>): ${time(u.clock.now)}${u.clock.offsetMs ? ` · offset ${esc(Math.round(u.clock.offsetMs / 1000))} s from real time` : ' · real time'}</p>` : ''}
<p><a href="/__ui">refresh</a> · <a href="/__outbox">/__outbox</a> · <a href="/__identities">/__identities</a> · <a href="/__stats">/__stats</a> · <a href="/__invocations">/__invocations</a> · <a href="/__health">/__health</a></p>`);

  parts.push(
    '<h2>Functions</h2><table><tr><th>name</th><th>invocations</th><th>cold / warm</th><th>last cold ms</th><th>avg warm ms</th><th>DB requests / call</th><th>open-API calls / call</th><th>errors</th><th>timeouts</th><th>workers</th></tr>',
  );
  const perCall = (n: number | undefined, calls: number | undefined) =>
    calls ? (Math.round(((n ?? 0) / calls) * 10) / 10).toString() : '–';
  for (const fn of u.functions) {
    const s = u.stats.find((x) => x.name === fn);
    parts.push(
      `<tr><td>${esc(fn)}</td><td>${s?.invocations ?? 0}</td><td>${s?.cold ?? 0} / ${s?.warm ?? 0}</td><td>${s?.lastColdMs ?? '–'}</td><td>${s?.avgWarmMs ?? '–'}</td><td>${perCall(s?.dbRequests, s?.invocations)}</td><td>${perCall(s?.openApiCalls, s?.invocations)}</td><td>${s?.errors ?? 0}</td><td>${s?.timeouts ?? 0}</td><td>${s?.workers ?? 0}</td></tr>`,
    );
  }
  parts.push('</table>');

  if (u.invocations) {
    // each database request and open-API call is a network round trip on CloudBase (several ms each)
    parts.push(
      `<h2>Round trips per invocation (newest first, last ${u.invocations.length}; <a href="/__invocations">/__invocations</a>)</h2>
<table><tr><th>ended</th><th>function.action</th><th>source</th><th>ms</th><th>DB requests</th><th>open-API calls</th><th>function calls</th><th>by database action</th><th>result</th></tr>`,
    );
    for (const r of [...u.invocations].reverse()) {
      const byAction = Object.entries(r.counts.db)
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k.replace(/^database\./, '')} ${n}`)
        .join(', ');
      parts.push(
        `<tr><td>${time(r.at)}</td><td>${esc(r.fn)}${r.action ? `.${esc(r.action)}` : ''}</td><td>${esc(r.source ?? '')}</td><td>${r.durationMs}${r.cold ? ' (cold)' : ''}</td><td>${r.counts.dbRequests}</td><td>${r.counts.openApiCalls}</td><td>${r.counts.functionCalls}</td><td>${esc(byAction)}</td><td${r.ok ? '' : ' class="err"'}>${r.ok ? 'ok' : esc(r.kind ?? 'error')}</td></tr>`,
      );
    }
    parts.push('</table>');
  }

  parts.push(
    '<h2>Timers</h2><table><tr><th>function</th><th>trigger</th><th>cron (UTC+8)</th><th>next</th></tr>',
  );
  for (const t of u.timers) {
    parts.push(
      `<tr><td>${esc(t.fn)}</td><td>${esc(t.name)}</td><td>${esc(t.cron)}${t.error ? ` <span class="err">${esc(t.error)}</span>` : ''}</td><td>${time(t.next)}</td></tr>`,
    );
  }
  parts.push('</table>');

  parts.push('<h2>Collections</h2>');
  if (!u.db) parts.push('<p class="err">database engine not available</p>');
  else {
    parts.push('<table><tr><th>collection</th><th>documents</th></tr>');
    for (const c of u.db.listCollections()) {
      parts.push(
        `<tr><td><a href="/__ui?c=${encodeURIComponent(c.name)}">${esc(c.name)}</a></td><td>${c.count}</td></tr>`,
      );
    }
    parts.push('</table>');
    if (u.collection) {
      const docs = u.db.listDocuments(u.collection, 200);
      parts.push(
        `<h2>${esc(u.collection)} (first ${docs.length})</h2><pre>${esc(JSON.stringify(docs, null, 2))}</pre>`,
      );
    }
  }

  parts.push(
    `<h2>Outbox (newest last, ${u.outbox.length} total)</h2><table><tr><th>at</th><th>api</th><th>from</th><th>data</th><th>result</th></tr>`,
  );
  for (const e of u.outbox.slice(-50)) {
    parts.push(
      `<tr><td>${time(e.at)}</td><td>${esc(e.apiName)}</td><td>${esc(e.source ? `${e.source.fn ?? ''} ${e.source.openid ?? ''}` : '')}</td><td><pre>${esc(JSON.stringify(e.data, null, 1))}</pre></td><td${e.result.errcode ? ' class="err"' : ''}>${esc(JSON.stringify(e.result))}</td></tr>`,
    );
  }
  parts.push('</table>');

  parts.push(
    `<h2>Log tail</h2><pre>${esc(u.logs.map((l) => `${time(l.at)} ${l.text}`).join('\n'))}</pre></body></html>`,
  );
  return parts.join('\n');
}

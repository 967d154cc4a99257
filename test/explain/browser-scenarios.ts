/**
 * Runs the scenarios of `../shared/tools/browser-cors/scenarios.json` through the browser half, with a
 * simulated server that answers exactly as the tool's API server does (placeholders, `{requestOrigin}`
 * reflection, the `Content-Type`/`Content-Length` it adds, `/next` for redirects).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserSession, type FetchCall, type FetchResult } from '../../src/simulate/browser.js';
import { isUnknown, type SimResponse, type WireRequest } from '../../src/simulate/types.js';

export const ROOT = join(__dirname, '..', '..');
export const SHARED = join(ROOT, '..', 'shared');
export const SCENARIOS_FILE = join(SHARED, 'tools', 'browser-cors', 'scenarios.json');
export const REFERENCE_FILE = join(SHARED, 'docs', 'cors-reference.md');

type HeaderSpec = Record<string, string | string[]>;
interface ResponseSpec {
  status?: number;
  headers?: HeaderSpec;
  body?: string;
}
export interface Scenario {
  id: string;
  claim: string;
  request: { method?: string; headers?: Record<string, string>; credentials?: FetchCall['credentials']; body?: string | null; mode?: 'cors' | 'no-cors' };
  preflightResponse?: ResponseSpec;
  actualResponse?: ResponseSpec;
  nextResponse?: ResponseSpec;
  expected: 'allowed' | 'blocked';
  fetchStandard?: 'allowed' | 'blocked';
  expectPreflight?: boolean | number;
  expectActualSent?: boolean;
  expectStatus?: number;
  expectResponseHeaders?: Record<string, string | null>;
  expectPreflightRequestHeaders?: Record<string, string | null>;
  expectActualRequestHeaders?: Record<string, string | null>;
  expectRedirectedRequestHeaders?: Record<string, string | null>;
  pageHost?: '127.0.0.1' | 'localhost';
  apiHost?: '127.0.0.1' | 'localhost';
  frame?: 'top' | 'sandboxed-iframe';
  warmup?: Array<{ method?: string; headers?: Record<string, string>; credentials?: FetchCall['credentials']; mode?: 'cors' | 'no-cors' }>;
  repeat?: number[];
}

export function loadScenarios(): Scenario[] | undefined {
  if (!existsSync(SCENARIOS_FILE)) return undefined;
  const data = JSON.parse(readFileSync(SCENARIOS_FILE, 'utf8')) as { scenarios: Scenario[] } | Scenario[];
  return Array.isArray(data) ? data : data.scenarios;
}

const PAGE_PORT = 41001;
const API_PORT = 42002;

export interface Vars {
  origin: string;
  pagePort: string;
  api: string;
  apiPort: string;
  apiAlt: string;
  base: string;
  requestOrigin?: string;
}

export function varsFor(s: Scenario): Vars {
  const pageHost = s.pageHost ?? '127.0.0.1';
  const apiHost = s.apiHost ?? 'localhost';
  const altHost = apiHost === 'localhost' ? '127.0.0.1' : 'localhost';
  return {
    origin: `http://${pageHost}:${PAGE_PORT}`,
    pagePort: String(PAGE_PORT),
    api: `http://${apiHost}:${API_PORT}`,
    apiPort: String(API_PORT),
    apiAlt: `http://${altHost}:${API_PORT}`,
    base: `/t/run/${s.id}`,
  };
}

export function subst(value: string, vars: Vars): string {
  return String(value).replace(/\{(origin|pagePort|api|apiPort|apiAlt|base|requestOrigin)\}/g, (m, k: keyof Vars) => vars[k] ?? m);
}

export interface LogEntry {
  phase: 'warmup' | 'measured';
  path: 'req' | 'next';
  request: WireRequest;
}

export interface ScenarioRun {
  vars: Vars;
  measured: FetchResult[];
  log: LogEntry[];
  url: string;
}

/** Runs one scenario: warm-up fetches, then the measured fetch once per `repeat` delay. */
export function runScenario(s: Scenario): ScenarioRun {
  const vars = varsFor(s);
  const log: LogEntry[] = [];
  let phase: LogEntry['phase'] = 'warmup';
  const server = (request: WireRequest): SimResponse => {
    const path = new URL(request.url).pathname;
    const m = /\/(req|next)$/.exec(path);
    const kind = (m?.[1] ?? 'req') as 'req' | 'next';
    log.push({ phase, path: kind, request });
    const spec: ResponseSpec =
      request.method === 'OPTIONS'
        ? (s.preflightResponse ?? { status: 204, headers: {} })
        : kind === 'next'
          ? (s.nextResponse ?? { status: 404, headers: {} })
          : (s.actualResponse ?? { status: 200, headers: {} });
    const requestOrigin = request.headers.find(([n]) => n === 'origin')?.[1];
    const v = { ...vars, requestOrigin };
    const status = spec.status ?? 200;
    const headers: SimResponse['headers'] = [];
    let hasContentType = false;
    for (const [name, raw] of Object.entries(spec.headers ?? {})) {
      const values = (Array.isArray(raw) ? raw : [raw]).filter((x) => !(x.includes('{requestOrigin}') && requestOrigin === undefined)).map((x) => subst(x, v));
      for (const value of values) headers.push({ name, value });
      if (values.length > 0 && name.toLowerCase() === 'content-type') hasContentType = true;
    }
    const noBody = status === 204 || status === 304 || request.method === 'HEAD';
    const body = noBody ? '' : subst(spec.body ?? (request.method === 'OPTIONS' ? '' : `ok ${s.id}`), v);
    if (!hasContentType && body) headers.push({ name: 'Content-Type', value: 'text/plain; charset=utf-8' });
    if (!noBody) headers.push({ name: 'Content-Length', value: String(Buffer.byteLength(body)) });
    return { status, headers, body };
  };
  const pageOrigin = s.frame === 'sandboxed-iframe' ? 'null' : vars.origin;
  const session = new BrowserSession(pageOrigin, server);
  const url = `${vars.api}${vars.base}/req`;
  let now = 0;
  for (const w of s.warmup ?? []) {
    session.fetch({ url, method: w.method ?? 'GET', headers: Object.entries(w.headers ?? {}), credentials: w.credentials ?? 'same-origin', mode: w.mode ?? 'cors' }, now);
  }
  phase = 'measured';
  const r = s.request;
  const call: FetchCall = {
    url,
    method: r.method ?? 'GET',
    headers: Object.entries(r.headers ?? {}).map(([k, v]) => [k, subst(v, vars)]),
    credentials: r.credentials ?? 'same-origin',
    mode: r.mode ?? 'cors',
    body: r.body === undefined || r.body === null ? null : subst(r.body, vars),
  };
  const measured: FetchResult[] = [];
  for (const delay of s.repeat ?? [0]) {
    now += delay;
    measured.push(session.fetch(call, now));
  }
  return { vars, measured, log, url };
}

/** What a scenario expects that the run does not show (empty: it agrees). */
export function disagreements(s: Scenario, run: ScenarioRun): string[] {
  const problems: string[] = [];
  const { vars, measured, log } = run;
  const outcomes = measured.map((f) => f.outcome);
  const observed = outcomes.every((o) => o === outcomes[0]) ? outcomes[0] : outcomes.join(',');
  if (observed !== s.expected) problems.push(`outcome ${observed}, expected ${s.expected}`);
  const reqLog = log.filter((l) => l.phase === 'measured' && l.path === 'req');
  const preflights = reqLog.filter((l) => l.request.preflight);
  const actuals = reqLog.filter((l) => l.request.method !== 'OPTIONS');
  if (s.expectPreflight !== undefined) {
    const ok = typeof s.expectPreflight === 'number' ? preflights.length === s.expectPreflight : preflights.length > 0 === s.expectPreflight;
    if (!ok) problems.push(`preflights ${preflights.length}, expected ${JSON.stringify(s.expectPreflight)}`);
  }
  if (s.expectActualSent !== undefined && actuals.length > 0 !== s.expectActualSent) {
    problems.push(`actual sent ${actuals.length > 0}, expected ${s.expectActualSent}`);
  }
  for (const f of measured) {
    if (f.outcome !== 'allowed') continue;
    if (s.expectStatus !== undefined && f.status !== s.expectStatus) problems.push(`status ${JSON.stringify(f.status)}, expected ${s.expectStatus}`);
    for (const [name, want] of Object.entries(s.expectResponseHeaders ?? {})) {
      const got = f.readHeader?.(name);
      const w = want === null ? null : subst(want, vars);
      if (isUnknown(got) || got !== w) problems.push(`header ${name} read as ${JSON.stringify(got)}, expected ${JSON.stringify(w)}`);
    }
  }
  const checkRequests = (entries: LogEntry[], want: Record<string, string | null> | undefined, what: string): void => {
    if (!want) return;
    if (entries.length === 0) {
      problems.push(`no ${what} reached the server`);
      return;
    }
    for (const e of entries) {
      for (const [name, value] of Object.entries(want)) {
        // Cookies follow the browser's third-party cookie policy, which is not part of CORS: not simulated.
        if (name.toLowerCase() === 'cookie') continue;
        const got = e.request.headers.find(([n]) => n === name.toLowerCase())?.[1] ?? null;
        const w = value === null ? null : subst(value, vars);
        if (got !== w) problems.push(`${what} header ${name}: ${JSON.stringify(got)}, expected ${JSON.stringify(w)}`);
      }
    }
  };
  checkRequests(preflights, s.expectPreflightRequestHeaders, 'preflight');
  checkRequests(actuals, s.expectActualRequestHeaders, 'actual request');
  checkRequests(
    log.filter((l) => l.phase === 'measured' && l.path === 'next' && l.request.method !== 'OPTIONS'),
    s.expectRedirectedRequestHeaders,
    'redirected request',
  );
  return problems;
}

/** Chromium's recorded reason for each scenario, from the table in cors-reference §1.11. */
export interface RecordedReason {
  codes: string[];
  text?: string;
  warnings: string[];
}

export function recordedReasons(): Map<string, RecordedReason> | undefined {
  if (!existsSync(REFERENCE_FILE)) return undefined;
  const out = new Map<string, RecordedReason>();
  const text = readFileSync(REFERENCE_FILE, 'utf8');
  const start = text.indexOf('### 1.11');
  for (const line of text.slice(start).split('\n')) {
    const cells = line.split(' | ');
    if (cells.length !== 8 || !/^\| \d\d-/.test(cells[0]!)) continue;
    const id = cells[0]!.slice(2).trim();
    let cell = cells[6]!.trim();
    const reason: RecordedReason = { codes: [], warnings: [] };
    const warn = /\s*\(((?:`[^`]+`(?:, )?)+)\)$/.exec(cell);
    if (warn) {
      reason.warnings = [...warn[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      cell = cell.slice(0, warn.index).trim();
    }
    if (cell === '—' || cell === '') {
      out.set(id, reason);
      continue;
    }
    const codes = /^((?:`[^`]+`(?:, )?)+)(?:: (.*))?$/.exec(cell);
    if (codes) {
      reason.codes = [...codes[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      reason.text = codes[2];
    } else reason.text = cell;
    out.set(id, reason);
  }
  return out;
}

/** Puts the run's concrete origins back into placeholders, as the tool's table shows them. */
export function placeholders(text: string, run: ScenarioRun): string {
  const { vars, url } = run;
  const reps: Array<[string, string]> = [
    [url, '{url}'],
    [`${vars.api}${vars.base}/next`, '{next}'],
    [`${vars.apiAlt}${vars.base}/next`, '{next}'],
    [vars.origin, '{origin}'],
    [vars.api, '{api}'],
    [vars.apiAlt, '{apiAlt}'],
    [`HTTP://LOCALHOST:${vars.pagePort}`, 'HTTP://LOCALHOST:{pagePort}'],
    [`HTTP://127.0.0.1:${vars.pagePort}`, 'HTTP://127.0.0.1:{pagePort}'],
  ];
  let t = text;
  for (const [a, b] of reps) t = t.split(a).join(b);
  return t;
}

/** The tool's shortened form of a console reason. */
export function shortReason(reason: string): string {
  return reason
    .replace(/ ?Have the server send the header with a valid value\.?/, '')
    .replace("Response to preflight request doesn't pass access control check: ", 'Preflight: ')
    .trim();
}

/**
 * Renders an explanation as a story (text) or as data (JSON), and the route matrix. `where` turns a template
 * location into `file:line:column` (the caller knows the files); everything else here is pure.
 */
import type { Loc } from '../types.js';
import type { FetchResult } from '../simulate/browser.js';
import type { GatewayAnswer } from '../simulate/gateway.js';
import type { PathOutcome } from '../simulate/simulate.js';
import { isUnknown, type Check, type Maybe, type Outcome, type SimResponse, type WireRequest } from '../simulate/types.js';
import type { Explanation, Matrix, MatrixCell } from './explain.js';

export type Where = (loc: Loc) => string | undefined;

const MARK: Record<Check['result'], string> = { pass: '✓', fail: '✗', unknown: '?' };

function headerCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function wireLines(request: WireRequest): string[] {
  return [`${request.method} ${request.url}`, ...request.headers.map(([n, v]) => `${headerCase(n)}: ${v}`)];
}

function value(v: Maybe<string | number>): string {
  return isUnknown(v) ? `(unknown: ${v.unknown})` : String(v);
}

function responseLines(response: SimResponse): string[] {
  const lines = [`HTTP ${value(response.status)}`];
  for (const h of response.headers) lines.push(`${h.name}: ${value(h.value)}`);
  if (response.otherHeaders) {
    // Known to be absent although other headers are not known (a handler's answer without it).
    const acao = 'access-control-allow-origin';
    if (response.otherHeaders.except.includes(acao) && !response.headers.some((h) => h.name.toLowerCase() === acao)) lines.push('(no Access-Control-Allow-Origin)');
    lines.push(response.otherHeaders.except.length > 0 ? `(other headers unknown: ${response.otherHeaders.unknown})` : `(headers unknown: ${response.otherHeaders.unknown})`);
  }
  return lines;
}

function quoteBlock(lines: string[], pad = 5): string[] {
  return lines.map((l) => `${' '.repeat(pad)}${l}`);
}

function at(where: Where, loc: Loc | undefined): string {
  const text = loc ? where(loc) : undefined;
  return text ? ` (${text})` : '';
}

function outcomeWord(outcome: Outcome): string {
  return outcome === 'allowed' ? 'ALLOWED' : outcome === 'blocked' ? 'BLOCKED' : 'CANNOT TELL';
}

function gatewaySection(answer: GatewayAnswer, response: SimResponse, where: Where, shown?: PathOutcome): string[] {
  const out: string[] = [];
  answer.story.forEach((line, i) => out.push(`   ${line}${i === 0 && answer.route ? at(where, answer.route.loc) : ''}`));
  if (shown && answer.alternatives && answer.alternatives.length > 1) {
    const place = shown.loc ? where(shown.loc) : undefined;
    out.push(`   Shown: ${shown.label}${place ? ` at ${place}` : ''}${shown.outcome === 'blocked' ? ', the first the browser blocks' : ''}.`);
  }
  if (answer.rejectedBy) {
    const auth = answer.rejectedBy.auth;
    const loc = answer.rejectedBy.what === 'api-key' ? (auth.apiKeyLoc ?? auth.loc) : auth.loc;
    const text = where(loc);
    if (text) out.push(`   (${answer.rejectedBy.what === 'api-key' ? 'the API key requirement' : 'the authorization'} is set at ${text})`);
  }
  out.push(...quoteBlock(responseLines(response)));
  return out;
}

function checkLines(checks: Check[], phase: Check['phase'][]): string[] {
  return checks.filter((c) => phase.includes(c.phase)).map((c) => `   ${MARK[c.result]} ${c.name}: ${c.detail}`);
}

/** Response headers beyond the safelisted ones that the script can read (from Access-Control-Expose-Headers). */
function exposedHeaders(r: FetchResult): string[] {
  const response = r.actual.response;
  if (!response || !r.readable) return [];
  const names = response.headers.map((h) => h.name).filter((n, i, all) => all.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i);
  const aceh = names.find((n) => n.toLowerCase() === 'access-control-expose-headers');
  const listed = aceh ? response.headers.filter((h) => h.name === aceh).flatMap((h) => (isUnknown(h.value) ? [] : h.value.split(',').map((x) => x.trim()))) : [];
  return listed.filter((n) => n !== '' && n !== '*' && r.readable!(n) === true);
}

function preflightResponse(result: FetchResult): SimResponse | undefined {
  return result.preflight.response;
}

/** Who answers the browser: API Gateway, or Lambda for a function URL. */
function answerer(e: Explanation): string {
  return e.api.cors?.surface === 'function-url' ? 'Lambda' : 'API Gateway';
}

/** The story of one request, step by step. */
export function formatExplanation(e: Explanation, where: Where): string {
  const { simulation: sim, request } = e;
  const r = sim.result;
  const out: string[] = [];
  const headerNames = request.headers.map(([n]) => n).join(', ');
  out.push(`Request   ${e.method} ${request.path} from ${request.origin}`);
  out.push(`          ${headerNames ? `headers: ${headerNames}; ` : ''}credentials: ${request.credentials}${request.credentials === 'same-origin' ? ' (a cross-origin request then carries none)' : ''}`);
  out.push(`API       ${e.api.label}${at(where, e.api.loc)}`);
  out.push('');
  let step = 1;
  if (r.preflight.needed) {
    out.push(`${step++}. The browser sends a preflight, because ${r.preflight.reasons.join(', and ')}.`);
    if (r.preflight.request) {
      out.push('   It carries no cookies and no Authorization header:');
      out.push(...quoteBlock(wireLines(r.preflight.request)));
    }
    out.push('');
    const pfResponse = preflightResponse(r);
    if (sim.preflight && pfResponse) {
      out.push(`${step++}. ${answerer(e)} answers the preflight.`);
      out.push(...gatewaySection(sim.preflight, pfResponse, where, sim.paths?.[sim.shown ?? 0]));
      out.push('');
    }
    out.push(`${step++}. The browser checks the preflight response.`);
    out.push(...checkLines(r.checks, ['preflight']));
    out.push('');
  } else {
    out.push(`${step++}. No preflight: ${e.method} is CORS-safelisted and every header is too; the browser sends the request at once.`);
    out.push('');
  }
  const actualSent = r.actual.sent;
  if ((actualSent === true || isUnknown(actualSent)) && r.actual.request) {
    const when = isUnknown(actualSent) ? 'If the preflight passes, the' : 'The';
    out.push(`${step++}. ${when} browser sends the ${e.method} request${e.credentialed ? ' with credentials' : ''}.`);
    out.push(...quoteBlock(wireLines(r.actual.request)));
    out.push('');
    if (sim.actual && r.actual.response) {
      out.push(`${step++}. ${answerer(e)} answers the ${e.method}.`);
      out.push(...gatewaySection(sim.actual, r.actual.response, where, sim.paths?.[sim.shown ?? 0]));
      out.push('');
    }
    const checks = checkLines(r.checks, ['actual', 'redirect']);
    if (checks.length > 0) {
      out.push(`${step++}. The browser checks the response.`);
      out.push(...checks);
      out.push('');
    }
  } else if (r.preflight.needed && r.outcome === 'blocked') {
    out.push(`The ${e.method} request is never sent.`);
    out.push('');
  }
  if (sim.paths) {
    out.push('Per return path of the handler (which one answers depends on the request):');
    for (const p of sim.paths) {
      const place = p.loc ? where(p.loc) : undefined;
      out.push(`   ${p.label}${place ? ` at ${place}` : ''}: ${outcomeWord(p.outcome).toLowerCase()}${p.error ? ` (${p.error.name})` : p.outcome === 'unknown' && p.unknownReason ? ` (${p.unknownReason})` : ''}`);
    }
    out.push('');
  }
  if (e.refusal) {
    out.push(`Verdict   FAILS DEPLOYMENT — ${e.refusal.reason}${at(where, e.refusal.at)}`);
    out.push(`          ${e.refusal.by === 'sam' ? 'SAM refuses to transform the template' : 'API Gateway refuses the deployment'}, so no request is answered; what precedes is what the template would do otherwise (the simulated outcome: ${outcomeWord(sim.outcome).toLowerCase()}).`);
    return `${out.join('\n')}\n`;
  }
  out.push(`Verdict   ${outcomeWord(sim.outcome)}${r.error ? ` — ${r.error.name}` : ''}`);
  if (r.error) {
    out.push(`          Chromium: ${r.error.message}`);
    if (r.errorCertain === false) out.push(`          (Chromium names the first check that fails; an earlier one could not be decided: ${r.unknownReason})`);
  } else if (sim.outcome === 'unknown') out.push(`          It depends on what the template does not say: ${r.unknownReason}.`);
  else if (sim.outcome === 'allowed') {
    const status = r.status === undefined ? '' : isUnknown(r.status) ? ' (its status is whatever the integration answers)' : ` (status ${r.status})`;
    out.push(`          The script reads the response${status}.`);
    const exposed = exposedHeaders(r);
    if (exposed.length > 0) out.push(`          Besides the safelisted response headers it can read ${exposed.join(', ')}.`);
  }
  for (const w of r.warnings) {
    if (w === 'AuthorizationCoveredByWildcard') {
      out.push("          Warning: Access-Control-Allow-Headers '*' covers Authorization only in today's Chromium (DevTools deprecation AuthorizationCoveredByWildcard); the Fetch standard requires Authorization to be listed by name.");
    } else out.push(`          Warning: ${w}`);
  }
  if (e.fixes.length > 0) {
    out.push('');
    out.push(e.fixes.length === 1 ? 'Smallest fix' : `Smallest fix (${e.fixes.length} changes)`);
    e.fixes.forEach((fix, i) => {
      out.push(`${i + 1}. ${fix.title}${at(where, fix.at)}`);
      if (fix.inCode) out.push('   In the handler:');
      out.push(...quoteBlock(fix.snippet.split('\n')));
    });
    const after = e.afterFixes;
    if (after) {
      if (after.outcome === 'allowed') out.push('With these changes the simulated request is allowed.');
      else if (after.outcome === 'unknown') out.push(`With these changes the request is no longer blocked by what the template says; the outcome then depends on: ${after.unknownReason}.`);
      else out.push(`With these changes the request is still blocked (${after.error?.name ?? 'unknown'}), and no further change is known.`);
    }
  } else if (sim.outcome === 'blocked') {
    out.push('');
    out.push('No template change is known that lets this request through.');
  }
  return `${out.join('\n')}\n`;
}

function responseJson(response: SimResponse | undefined): unknown {
  if (!response) return undefined;
  return {
    status: isUnknown(response.status) ? { unknown: response.status.unknown } : response.status,
    headers: response.headers.map((h) => (isUnknown(h.value) ? { name: h.name, unknown: h.value.unknown } : { name: h.name, value: h.value })),
    otherHeadersUnknown: response.otherHeaders?.unknown,
  };
}

function wireJson(request: WireRequest | undefined): unknown {
  if (!request) return undefined;
  return { method: request.method, url: request.url, headers: Object.fromEntries(request.headers) };
}

function answerJson(answer: GatewayAnswer | undefined, where: Where): unknown {
  if (!answer) return undefined;
  return {
    answeredBy: answer.kind,
    route: answer.route ? { method: answer.route.method, path: answer.route.path, location: answer.route ? where(answer.route.loc) : undefined } : undefined,
    matched: answer.matched,
    rejectedBy: answer.rejectedBy
      ? {
          what: answer.rejectedBy.what,
          reason: answer.rejectedBy.auth.reason,
          location: where(answer.rejectedBy.what === 'api-key' ? (answer.rejectedBy.auth.apiKeyLoc ?? answer.rejectedBy.auth.loc) : answer.rejectedBy.auth.loc),
        }
      : undefined,
    gatewayResponse: answer.gatewayResponse ? { type: answer.gatewayResponse.type, configured: answer.gatewayResponse.configured?.type } : undefined,
    story: answer.story,
  };
}

/** The explanation as plain data (what `--format json` prints). */
export function explanationJson(e: Explanation, where: Where): unknown {
  const r = e.simulation.result;
  return {
    request: { origin: e.request.origin, method: e.method, path: e.request.path, headers: Object.fromEntries(e.request.headers), credentials: e.request.credentials },
    api: { id: e.api.id, kind: e.api.kind, label: e.api.label, location: where(e.api.loc) },
    url: e.call.url,
    preflight: {
      needed: r.preflight.needed,
      reasons: r.preflight.reasons,
      sent: r.preflight.sent,
      request: wireJson(r.preflight.request),
      answer: answerJson(e.simulation.preflight, where),
      response: responseJson(r.preflight.response),
    },
    actual: {
      sent: isUnknown(r.actual.sent) ? 'unknown' : r.actual.sent,
      request: wireJson(r.actual.request),
      answer: r.actual.sent !== false ? answerJson(e.simulation.actual, where) : undefined,
      response: r.actual.sent !== false ? responseJson(r.actual.response) : undefined,
    },
    checks: r.checks,
    verdict: {
      outcome: e.refusal ? 'refused' : e.simulation.outcome,
      refusal: e.refusal ? { by: e.refusal.by, reason: e.refusal.reason, location: where(e.refusal.at) } : undefined,
      simulatedOutcome: e.refusal ? e.simulation.outcome : undefined,
      error: r.error ? { name: r.error.name, parameter: r.error.parameter, message: r.error.message, certain: r.errorCertain !== false } : undefined,
      unknownReason: e.simulation.outcome !== 'allowed' ? r.unknownReason : undefined,
      status: r.status === undefined ? undefined : isUnknown(r.status) ? { unknown: r.status.unknown } : r.status,
      warnings: r.warnings,
      paths: e.simulation.paths?.map((p) => ({ label: p.label, location: p.loc ? where(p.loc) : undefined, outcome: p.outcome, error: p.error?.name, unknownReason: p.unknownReason })),
    },
    fixes: e.fixes.map((f) => ({ title: f.title, location: where(f.at), snippet: f.snippet, inCode: f.inCode === true })),
    afterFixes: e.afterFixes ? { outcome: e.afterFixes.outcome, error: e.afterFixes.error?.name, unknownReason: e.afterFixes.unknownReason } : undefined,
  };
}

function cellText(c: MatrixCell): string {
  if (c.outcome === 'allowed') return 'allowed';
  if (c.outcome === 'unknown') return 'cannot tell';
  return `blocked: ${c.error?.name ?? '?'}`;
}

/** The route matrix: one line per route and method, one column per origin. */
export function formatMatrix(matrix: Matrix, where: Where): string {
  const out: string[] = [];
  for (const { api, origins, refusal } of matrix.apis) {
    out.push(`${api.label}${at(where, api.loc)}`);
    if (refusal) out.push(`  FAILS DEPLOYMENT — ${refusal.reason}${at(where, refusal.at)}; the cells say what the template would do otherwise.`);
    out.push(`  origins: ${origins.map((o) => (o.from === o.origin ? o.origin : `${o.origin} (for ${o.from})`)).join(', ')}`);
    const rows = matrix.rows.filter((r) => r.api === api);
    if (rows.length === 0) {
      out.push('  (no routes)');
      out.push('');
      continue;
    }
    const table: string[][] = [['route', 'request headers', ...origins.map((o) => o.origin)]];
    for (const row of rows) {
      const label = `${row.preflightFailsEverywhere ? '!! ' : ''}${row.method} ${row.route.path}`;
      table.push([label, row.headers.map(([n]) => n).join(', ') || '-', ...row.cells.map(cellText)]);
    }
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
    for (const [i, r] of table.entries()) {
      out.push(`  ${r.map((c, j) => c.padEnd(widths[j]!)).join('  ').trimEnd()}`);
      if (i === 0) out.push(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
    }
    const everywhere = rows.filter((r) => r.preflightFailsEverywhere);
    if (everywhere.length > 0) {
      out.push('');
      out.push(`  !! The preflight fails for every allowed origin on: ${everywhere.map((r) => `${r.method} ${r.route.path}`).join(', ')}.`);
      out.push(`     Run 'cors-lint explain <template> --method M --path P --origin O' on one of them for the story and the fix.`);
    }
    const unknown = rows.filter((r) => r.cells.some((c) => c.outcome === 'unknown'));
    if (unknown.length > 0) {
      const reason = unknown[0]!.cells.find((c) => c.outcome === 'unknown')?.unknownReason;
      out.push(`  'cannot tell': the outcome depends on what the template does not say${reason ? ` (e.g. ${reason})` : ''}.`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function matrixJson(matrix: Matrix, where: Where): unknown {
  return {
    apis: matrix.apis.map(({ api, origins, refusal }) => ({
      id: api.id,
      kind: api.kind,
      label: api.label,
      location: where(api.loc),
      refusal: refusal ? { by: refusal.by, reason: refusal.reason, location: where(refusal.at) } : undefined,
      origins,
      routes: matrix.rows
        .filter((r) => r.api === api)
        .map((r) => ({
          method: r.method,
          route: `${r.route.method} ${r.route.path}`,
          path: r.path,
          location: where(r.route.loc),
          headers: Object.fromEntries(r.headers),
          credentials: r.credentials,
          preflightFailsEverywhere: r.preflightFailsEverywhere,
          cells: r.cells.map((c) => ({ origin: c.origin, outcome: c.outcome, error: c.error?.name, preflightFailed: c.preflightFailed, unknownReason: c.unknownReason })),
        })),
    })),
  };
}

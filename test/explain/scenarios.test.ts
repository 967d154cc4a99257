/**
 * The browser half against Chromium 156's recorded behaviour: every scenario of
 * `../shared/tools/browser-cors/scenarios.json` must come out as Chromium showed it (outcome, preflight count,
 * what reached the server, readable headers), with Chromium's error name, failed value and console reason as
 * recorded in cors-reference §1.11.
 */
import {
  disagreements,
  loadScenarios,
  placeholders,
  recordedReasons,
  runScenario,
  SCENARIOS_FILE,
  shortReason,
  type Scenario,
} from './browser-scenarios.js';
import { skipNotice } from './helpers.js';

const scenarios = loadScenarios();
const reasons = recordedReasons();

if (!scenarios) {
  skipNotice(`skipping the browser scenarios: ${SCENARIOS_FILE} is absent`);
  test.skip('browser scenarios (../shared is absent)', () => undefined);
} else {
  test('the scenario file holds the 60 recorded scenarios', () => {
    expect(scenarios.length).toBe(60);
  });

  describe.each(scenarios.map((s) => [s.id, s] as [string, Scenario]))('%s', (_id, s) => {
    const run = runScenario(s);

    test('agrees with Chromium 156', () => {
      expect(disagreements(s, run)).toEqual([]);
    });

    const recorded = reasons?.get(s.id);
    const testReason = recorded ? test : test.skip;
    testReason("gives Chromium's error name, value and console reason", () => {
      const first = run.measured[0]!;
      const codes = first.error ? [first.error.name + (first.error.parameter ? `(${placeholders(first.error.parameter, run)})` : '')] : [];
      if (recorded!.codes.length > 0) expect(codes).toEqual(recorded!.codes);
      else if (s.frame !== 'sandboxed-iframe') expect(codes).toEqual([]);
      if (recorded!.text) {
        const ours = shortReason(placeholders(first.error?.reason ?? '', run));
        const theirs = recorded!.text;
        if (theirs.endsWith('…')) expect(ours.startsWith(theirs.slice(0, -1))).toBe(true);
        else expect(ours).toBe(theirs);
      }
      const deprecations = recorded!.warnings.filter((w) => w.startsWith('deprecation ')).map((w) => w.slice('deprecation '.length));
      expect(first.warnings).toEqual(deprecations);
    });
  });
}

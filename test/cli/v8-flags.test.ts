/**
 * The V8 settings the command line makes for its own process (src/cli/v8-flags.ts): the WebAssembly tiering
 * budget, unless the user gave one.
 */
import { v8FlagsFor, WASM_TIERING_BUDGET } from '../../src/cli/v8-flags.js';

describe('v8FlagsFor', () => {
  test('raises the WebAssembly tiering budget by default', () => {
    expect(WASM_TIERING_BUDGET).toMatch(/^--wasm-tiering-budget=\d{8,}$/);
    expect(v8FlagsFor([], undefined)).toEqual([WASM_TIERING_BUDGET]);
    expect(v8FlagsFor(['--max-old-space-size=4096'], '--enable-source-maps')).toEqual([WASM_TIERING_BUDGET]);
  });

  test.each([
    [['--wasm-tiering-budget=5000'], undefined],
    [['--wasm_tiering_budget', '5000'], undefined],
    [[], '--max-old-space-size=100 --wasm-tiering-budget=5000'],
  ])('leaves a budget the user gave: %j %s', (execArgv: string[], nodeOptions: string | undefined) => {
    expect(v8FlagsFor(execArgv, nodeOptions)).toEqual([]);
  });
});

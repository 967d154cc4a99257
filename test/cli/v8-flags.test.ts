/**
 * The V8 settings the command line makes for its own process (src/cli/v8-flags.ts): the WebAssembly tiering
 * budget, unless the user gave one.
 */
import { HEAP_GROWING_PERCENT, v8FlagsFor, WASM_TIERING_BUDGET } from '../../src/cli/v8-flags.js';

describe('v8FlagsFor', () => {
  test('raises the WebAssembly tiering budget and lowers the heap growing factor by default', () => {
    expect(WASM_TIERING_BUDGET).toMatch(/^--wasm-tiering-budget=\d{8,}$/);
    expect(HEAP_GROWING_PERCENT).toMatch(/^--heap-growing-percent=\d+$/);
    expect(v8FlagsFor([], undefined)).toEqual([WASM_TIERING_BUDGET, HEAP_GROWING_PERCENT]);
    expect(v8FlagsFor(['--max-old-space-size=4096'], '--enable-source-maps')).toEqual([WASM_TIERING_BUDGET, HEAP_GROWING_PERCENT]);
  });

  test.each([
    [['--wasm-tiering-budget=5000'], undefined],
    [['--wasm_tiering_budget', '5000'], undefined],
    [[], '--max-old-space-size=100 --wasm-tiering-budget=5000'],
  ])('leaves a budget the user gave: %j %s', (execArgv: string[], nodeOptions: string | undefined) => {
    expect(v8FlagsFor(execArgv, nodeOptions)).toEqual([HEAP_GROWING_PERCENT]);
  });

  test.each([
    [['--heap-growing-percent=20'], undefined],
    [['--heap_growing_percent', '20'], undefined],
    [[], '--heap-growing-percent=200'],
  ])('leaves a heap growing factor the user gave: %j %s', (execArgv: string[], nodeOptions: string | undefined) => {
    expect(v8FlagsFor(execArgv, nodeOptions)).toEqual([WASM_TIERING_BUDGET]);
  });
});

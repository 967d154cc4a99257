import { formatCompact, formatJson, formatSarif, formatText } from '../../src/report/index.js';
import { clearFormatterEnv, expectGolden } from './golden.js';
import { fixtureContext, fixtureResults } from './fixtures.js';

describe('golden outputs (fake cwd /project, colour off)', () => {
  let restoreEnv: () => void;
  beforeAll(() => {
    restoreEnv = clearFormatterEnv();
  });
  afterAll(() => restoreEnv());

  test('text', () => {
    expectGolden('text.txt', formatText(fixtureResults(), fixtureContext()));
  });

  test('compact', () => {
    expectGolden('compact.txt', formatCompact(fixtureResults(), fixtureContext()));
  });

  test('json', () => {
    expectGolden('json.json', formatJson(fixtureResults(), fixtureContext()));
  });

  test('sarif', () => {
    expectGolden('sarif.sarif', formatSarif(fixtureResults(), fixtureContext()));
  });
});

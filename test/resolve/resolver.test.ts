import { Resolver } from '../../src/resolve/resolver.js';
import type { Node, Scalar, Val } from '../../src/resolve/types.js';

const FILE = 't.yaml';

function resolver(template: Record<string, unknown>, parameters?: Record<string, string>, sources?: Record<string, string>): Resolver {
  return new Resolver(FILE, template, { parameters, parameterSources: sources });
}

/** The values of `Resources.R.Properties.V` in a template made of the given sections plus that one property. */
function valuesOf(value: unknown, sections: Record<string, unknown> = {}, parameters?: Record<string, string>): Val<Scalar>[] {
  const r = resolver({ ...sections, Resources: { R: { Type: 'X', Properties: { V: value } } } }, parameters);
  return r.values(r.at(['Resources', 'R', 'Properties', 'V'])!);
}

const known = (vals: Val<Scalar>[]) => vals.map((v) => (v.known ? v.value : `?${v.reason}`));
const VPATH = ['Resources', 'R', 'Properties', 'V'];

describe('parameters', () => {
  const Parameters = {
    Origin: { Type: 'String', Default: '*' },
    NoDefault: { Type: 'String' },
    Stage: { Type: 'String', AllowedValues: ['dev', 'prod'] },
    Listed: { Type: 'CommaDelimitedList', Default: 'https://a.example.com, https://b.example.com' },
    Ssm: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/origin' },
  };

  test('a Ref to a parameter is its default, located at the default, with the Ref as related location', () => {
    const [v] = valuesOf({ Ref: 'Origin' }, { Parameters });
    expect(v).toMatchObject({ known: true, value: '*', loc: { path: ['Parameters', 'Origin', 'Default'] } });
    expect(v!.via).toEqual([{ loc: { file: FILE, path: VPATH }, note: '!Ref Origin' }]);
  });

  test('a given value overrides the default; it is located at the use and names where it came from', () => {
    const r = resolver({ Parameters, Resources: { R: { Type: 'X', Properties: { V: { Ref: 'Origin' } } } } }, { Origin: 'https://app.example.com' }, { Origin: '--parameter-overrides' });
    const [v] = r.values(r.at(VPATH)!);
    expect(v).toMatchObject({ known: true, value: 'https://app.example.com', loc: { path: VPATH } });
    expect(v!.via).toEqual([{ loc: { file: FILE, path: ['Parameters', 'Origin'], key: true }, note: "Origin is 'https://app.example.com' from --parameter-overrides" }]);
  });

  test('without a default: AllowedValues are the alternatives, else unknown', () => {
    expect(known(valuesOf({ Ref: 'Stage' }, { Parameters }))).toEqual(['dev', 'prod']);
    expect(valuesOf({ Ref: 'Stage' }, { Parameters })[1]!.loc.path).toEqual(['Parameters', 'Stage', 'AllowedValues', 1]);
    expect(known(valuesOf({ Ref: 'NoDefault' }, { Parameters }))).toEqual(['?parameter NoDefault has no default; give its value with --parameter-overrides']);
  });

  test('SSM parameters, resources, unknown names and list parameters in a single-value place stay unknown', () => {
    const sections = { Parameters };
    expect(valuesOf({ Ref: 'Ssm' }, sections)[0]!.known).toBe(false);
    expect(known(valuesOf({ Ref: 'R' }, sections))).toEqual(['?!Ref R is only known after deployment']);
    expect(known(valuesOf({ Ref: 'Nothing' }, sections))).toEqual(['?!Ref Nothing names nothing in this template']);
    expect(valuesOf({ Ref: 'Listed' }, sections)[0]!.known).toBe(false);
  });

  test('a list parameter expands into items located at its default', () => {
    const r = resolver({ Parameters, Resources: { R: { Type: 'X', Properties: { V: { Ref: 'Listed' } } } } });
    const items = r.items(r.at(VPATH)!).flatMap((n) => r.values(n));
    expect(known(items)).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(items[0]!.loc.path).toEqual(['Parameters', 'Listed', 'Default']);
  });

  test('pseudo parameters: the partition and URL suffix are known, the rest only when given', () => {
    expect(known(valuesOf({ Ref: 'AWS::Partition' }))).toEqual(['aws']);
    expect(known(valuesOf({ Ref: 'AWS::URLSuffix' }, {}, { 'AWS::Region': 'cn-north-1' }))).toEqual(['amazonaws.com.cn']);
    expect(known(valuesOf({ Ref: 'AWS::Region' }))).toEqual(['?AWS::Region is only known at deployment']);
    expect(known(valuesOf({ Ref: 'AWS::Region' }, {}, { 'AWS::Region': 'eu-west-1' }))).toEqual(['eu-west-1']);
    expect(known(valuesOf({ Ref: 'AWS::AccountId' }))[0]).toMatch(/^\?/);
    expect(valuesOf({ Ref: 'AWS::NoValue' })).toEqual([]);
  });
});

describe('Fn::Sub', () => {
  const Parameters = { Origin: { Type: 'String', Default: '*' }, Domain: { Type: 'String', Default: 'example.com' } };

  test("a !Sub that only quotes one parameter is located at the parameter's default, with the !Sub as related location", () => {
    const [v] = valuesOf({ 'Fn::Sub': "'${Origin}'" }, { Parameters });
    expect(v).toMatchObject({ known: true, value: "'*'", loc: { path: ['Parameters', 'Origin', 'Default'] } });
    expect(v!.via).toEqual([{ loc: { file: FILE, path: VPATH }, note: '!Sub "\'${Origin}\'"' }]);
  });

  test('a !Sub with more text is located at the !Sub; each part from elsewhere is a related location', () => {
    const [v] = valuesOf({ 'Fn::Sub': "'https://app.${Domain}'" }, { Parameters });
    expect(v).toMatchObject({ known: true, value: "'https://app.example.com'", loc: { path: VPATH } });
    expect(v!.via.map((x) => x.note)).toEqual(['!Sub "\'https://app.${Domain}\'"', "${Domain} is 'example.com'"]);
    expect(v!.via[1]!.loc.path).toEqual(['Parameters', 'Domain', 'Default']);
  });

  test('${!Literal} escapes, the variable map form, and unknown parts', () => {
    expect(known(valuesOf({ 'Fn::Sub': '${!Literal}-${AWS::Partition}' }))).toEqual(['${Literal}-aws']);
    expect(known(valuesOf({ 'Fn::Sub': ["'${Scheme}://${Host}'", { Scheme: 'https', Host: { 'Fn::Join': ['.', ['app', { Ref: 'Domain' }]] } }] }, { Parameters }))).toEqual([
      "'https://app.example.com'",
    ]);
    expect(known(valuesOf({ 'Fn::Sub': 'https://${Site.DomainName}' }))).toEqual(['?${Site.DomainName} is only known after deployment']);
    expect(known(valuesOf({ 'Fn::Sub': 'https://${Nope}' }))).toEqual(['?!Ref Nope names nothing in this template']);
    expect(known(valuesOf({ 'Fn::Sub': 42 }))[0]).toMatch(/^\?/);
  });
});

describe('Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap', () => {
  const Parameters = { Origin: { Type: 'String', Default: 'https://app.example.com' }, Env: { Type: 'String', Default: 'dev' } };
  const Mappings = { Origins: { dev: { Cors: "'*'", List: ['https://a', 'https://b'] }, prod: { Cors: "'https://app.example.com'" } } };

  test('!Join of literal and parameter parts; quotes around one parameter locate at the default', () => {
    const [v] = valuesOf({ 'Fn::Join': ['', ["'", { Ref: 'Origin' }, "'"]] }, { Parameters });
    expect(v).toMatchObject({ value: "'https://app.example.com'", loc: { path: ['Parameters', 'Origin', 'Default'] } });
    expect(known(valuesOf({ 'Fn::Join': [',', ['GET', 'POST', { Ref: 'AWS::NoValue' }]] }))).toEqual(['GET,POST']);
  });

  test('!Join keeps each branch of an item that may be absent, tagged with its condition', () => {
    const vals = valuesOf({ 'Fn::Join': [',', ['GET', { 'Fn::If': ['Writable', 'POST', { Ref: 'AWS::NoValue' }] }]] }, { Conditions: { Writable: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } }, Parameters });
    expect(vals.map((v) => [v.known && v.value, v.when])).toEqual([
      ['GET,POST', [{ name: 'Writable', value: true }]],
      ['GET', [{ name: 'Writable', value: false }]],
    ]);
  });

  test('!Select and !Split', () => {
    expect(known(valuesOf({ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }))).toEqual(['b']);
    expect(known(valuesOf({ 'Fn::Select': ['0', ['x', 'y']] }))).toEqual(['x']);
    expect(known(valuesOf({ 'Fn::Select': [5, ['x']] }))[0]).toMatch(/beyond the end/);
    expect(known(valuesOf({ 'Fn::Split': [',', 'a,b'] }))[0]).toMatch(/^\?a list/);
    const r = resolver({ Resources: { R: { Type: 'X', Properties: { V: { 'Fn::Split': [',', 'https://a,https://b'] } } } } });
    expect(known(r.items(r.at(VPATH)!).flatMap((n) => r.values(n)))).toEqual(['https://a', 'https://b']);
  });

  test('!FindInMap reads the mapping entry where it is written; DefaultValue; missing entries are unknown', () => {
    // A key no one gives (Env has only a default) may be any key of the mapping: one value per key, each tagged.
    const [v, w, ...rest] = valuesOf({ 'Fn::FindInMap': ['Origins', { Ref: 'Env' }, 'Cors'] }, { Parameters, Mappings });
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ known: true, value: "'*'", loc: { path: ['Mappings', 'Origins', 'dev', 'Cors'] }, when: [{ name: 'Env', value: 'dev' }] });
    expect(w).toMatchObject({ known: true, value: "'https://app.example.com'", loc: { path: ['Mappings', 'Origins', 'prod', 'Cors'] }, when: [{ name: 'Env', value: 'prod' }] });
    expect(v!.via.map((x) => x.note)).toEqual(['!FindInMap [Origins, dev, Cors]']);
    // A key the user gives reads that entry only, and says where the key came from.
    const [given, ...none] = valuesOf({ 'Fn::FindInMap': ['Origins', { Ref: 'Env' }, 'Cors'] }, { Parameters, Mappings }, { Env: 'dev' });
    expect(none).toEqual([]);
    expect(given).toMatchObject({ known: true, value: "'*'", when: [] });
    expect(given!.via.map((x) => x.note)).toEqual(['!FindInMap [Origins, dev, Cors]']);
    expect(known(valuesOf({ 'Fn::FindInMap': ['Origins', 'test', 'Cors', { DefaultValue: "'none'" }] }, { Mappings }))).toEqual(["'none'"]);
    expect(known(valuesOf({ 'Fn::FindInMap': ['Origins', 'test', 'Cors'] }, { Mappings }))[0]).toMatch(/no entry/);
    const r = resolver({ Mappings, Resources: { R: { Type: 'X', Properties: { V: { 'Fn::FindInMap': ['Origins', 'dev', 'List'] } } } } });
    expect(known(r.items(r.at(VPATH)!).flatMap((n) => r.values(n)))).toEqual(['https://a', 'https://b']);
  });

  test('GetAtt, ImportValue and unknown functions stay unknown', () => {
    expect(known(valuesOf({ 'Fn::GetAtt': ['Site', 'DomainName'] }))).toEqual(['?!GetAtt Site.DomainName is only known after deployment']);
    expect(known(valuesOf({ 'Fn::ImportValue': 'x' }))).toEqual(['?!ImportValue comes from another stack']);
    expect(known(valuesOf({ 'Fn::Base64': 'x' }))).toEqual(['?!Base64 is not evaluated']);
  });
});

describe('conditions', () => {
  const template = (conditions: Record<string, unknown>, parameters: Record<string, unknown> = {}) => ({
    Parameters: { Env: { Type: 'String', Default: 'dev' }, Tier: { Type: 'String', AllowedValues: ['a', 'b'] }, Fixed: { Type: 'String', AllowedValues: ['x'] }, ...parameters },
    Conditions: conditions,
    Resources: {},
  });

  test('literal comparisons, Not, And, Or and Condition references are decided', () => {
    const r = resolver(
      template({
        Yes: { 'Fn::Equals': [true, 'true'] },
        No: { 'Fn::Not': [{ Condition: 'Yes' }] },
        Both: { 'Fn::And': [{ Condition: 'Yes' }, { Condition: 'No' }] },
        Either: { 'Fn::Or': [{ Condition: 'No' }, { Condition: 'Yes' }] },
        Partition: { 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws'] },
        OnlyX: { 'Fn::Equals': [{ Ref: 'Fixed' }, 'x'] },
      }),
    );
    expect(['Yes', 'No', 'Both', 'Either', 'Partition', 'OnlyX'].map((c) => r.condition(c))).toEqual([true, false, false, true, true, true]);
  });

  test("a parameter's default does not decide a condition; a given value does; AllowedValues that disagree do not", () => {
    const conditions = { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, IsA: { 'Fn::Equals': [{ Ref: 'Tier' }, 'a'] }, Region: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } };
    expect(resolver(template(conditions)).condition('IsProd')).toBeUndefined();
    expect(resolver(template(conditions), { Env: 'prod' }).condition('IsProd')).toBe(true);
    expect(resolver(template(conditions)).condition('IsA')).toBeUndefined();
    expect(resolver(template(conditions)).condition('Region')).toBeUndefined();
    // Or with one true operand is true even when the other is unknown; And with one false is false.
    const r = resolver(template({ ...conditions, Or: { 'Fn::Or': [{ Condition: 'IsProd' }, { 'Fn::Equals': [1, 1] }] }, And: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': [1, 2] }] } }));
    expect([r.condition('Or'), r.condition('And')]).toEqual([true, false]);
  });

  test('cycles, missing and malformed conditions are undecided, never a crash', () => {
    const r = resolver(template({ A: { Condition: 'B' }, B: { 'Fn::Not': [{ Condition: 'A' }] }, Bad: { 'Fn::Equals': [1] }, Odd: 'text' }));
    expect([r.condition('A'), r.condition('B'), r.condition('Bad'), r.condition('Odd'), r.condition('Missing')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  test('Fn::If: a decided condition takes one branch; an undecided one keeps both, tagged; assumptions are honoured', () => {
    const sections = { Parameters: { Env: { Type: 'String', Default: 'dev' } }, Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, Always: { 'Fn::Equals': ['a', 'a'] } } };
    const undecided = valuesOf({ 'Fn::If': ['IsProd', "'https://app.example.com'", "'*'"] }, sections);
    expect(undecided.map((v) => [v.known && v.value, v.when, v.loc.path.at(-1)])).toEqual([
      ["'https://app.example.com'", [{ name: 'IsProd', value: true }], 1],
      ["'*'", [{ name: 'IsProd', value: false }], 2],
    ]);
    expect(undecided[1]!.via).toEqual([{ loc: { file: FILE, path: VPATH }, note: '!If IsProd (false branch)' }]);
    expect(known(valuesOf({ 'Fn::If': ['Always', 'yes', 'no'] }, sections))).toEqual(['yes']);
    const nested = valuesOf({ 'Fn::If': ['IsProd', { 'Fn::If': ['IsProd', 'a', 'b'] }, 'c'] }, sections);
    expect(known(nested)).toEqual(['a', 'c']);
  });
});

describe('robustness', () => {
  test('deep nesting and huge combinations give unknowns, not exceptions', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = { 'Fn::Join': ['', [deep]] };
    expect(() => valuesOf(deep)).not.toThrow();
    expect(valuesOf(deep)[0]!.known).toBe(false);
    const ifs = Array.from({ length: 10 }, (_, i) => ({ 'Fn::If': [`C${i}`, 'a', 'b'] }));
    expect(known(valuesOf({ 'Fn::Join': ['', ifs] }))).toEqual(['?too many combinations to evaluate']);
  });

  test('odd shapes are unknown', () => {
    for (const odd of [{ 'Fn::Join': 'x' }, { 'Fn::Select': [] }, { 'Fn::FindInMap': ['a'] }, { Ref: 5 }, { 'Fn::If': ['C'] }, { Condition: 'C' }]) {
      const vals = valuesOf(odd, { Mappings: 'nope', Parameters: [] });
      expect(vals.every((v) => !v.known)).toBe(true);
    }
  });

  test('a self-referencing Sub variable map does not loop', () => {
    const r = resolver({ Resources: { R: { Type: 'X', Properties: { V: { 'Fn::Sub': ['${A}', { A: { 'Fn::Sub': '${A}' } }] } } } } });
    const node: Node = r.at(VPATH)!;
    expect(r.values(node)[0]!.known).toBe(false);
  });
});

describe('never throws', () => {
  /** A small deterministic generator (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a |= 0;
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const FUNCTIONS = ['Ref', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::If', 'Fn::GetAtt', 'Condition', 'Fn::Equals', 'Fn::Not', 'Fn::Or'];
  const NAMES = ['P', 'L', 'C', 'D', 'AWS::Region', 'AWS::NoValue', 'M', 'R', 'x'];

  function tree(rnd: () => number, depth: number): unknown {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
    if (depth <= 0 || rnd() < 0.25) return pick<unknown>(['a', 1, true, null, '${P}', '${!x}', "'*'", [], {}, pick(NAMES)]);
    if (rnd() < 0.2) return Array.from({ length: Math.floor(rnd() * 4) }, () => tree(rnd, depth - 1));
    const fn = pick(FUNCTIONS);
    const size = Math.floor(rnd() * 5);
    const arg = rnd() < 0.3 ? tree(rnd, depth - 1) : Array.from({ length: size }, (_, i) => (i === 0 && rnd() < 0.5 ? pick(NAMES) : tree(rnd, depth - 1)));
    return { [fn]: arg };
  }

  test('random intrinsic trees: values, items, branches and conditions never throw', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = random(seed);
      const template = {
        Parameters: { P: { Type: 'String', Default: tree(rnd, 2) }, L: { Type: 'CommaDelimitedList', Default: 'a,b' }, D: { Type: 'Number', AllowedValues: [1, 2] } },
        Mappings: { M: { a: { b: tree(rnd, 2) } } },
        Conditions: { C: tree(rnd, 4), D: { Condition: 'C' } },
        Resources: { R: { Type: 'X', Properties: { V: tree(rnd, 6) } } },
      };
      const r = resolver(template);
      const node = r.at(VPATH)!;
      try {
        r.values(node);
        r.items(node);
        r.listAlternatives(node);
        r.branches(node);
        r.condition('C');
        r.condition('D', [{ name: 'C', value: true }]);
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).message}\n${JSON.stringify(template)}`);
      }
    }
  });
});

describe('values from finite sets, one by one', () => {
  const Parameters = {
    Origin: { Type: 'String', Default: 'https://app.example.com', AllowedValues: ['https://app.example.com', '*'] },
    Stage: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
    Single: { Type: 'String', Default: 'x', AllowedValues: ['x'] },
  };
  const Mappings = {
    ByRegion: { 'eu-west-1': { Origin: '*' }, 'us-east-1': { Origin: 'https://app.example.com' } },
    ByStage: { dev: { Origin: '*', Credentials: 'false' }, prod: { Origin: 'https://app.example.com', Credentials: 'true' }, test: { Origin: 'https://t.example.com' } },
  };

  test('a parameter no one gives is each of its AllowedValues, tagged; the default one is located at the default', () => {
    const vals = valuesOf({ Ref: 'Origin' }, { Parameters });
    expect(vals.map((v) => [v.known && v.value, v.when, v.loc.path.join('.')])).toEqual([
      ['https://app.example.com', [{ name: 'Origin', value: 'https://app.example.com' }], 'Parameters.Origin.Default'],
      ['*', [{ name: 'Origin', value: '*' }], 'Parameters.Origin.AllowedValues.1'],
    ]);
    // one allowed value is no choice; a given value is the value
    expect(valuesOf({ Ref: 'Single' }, { Parameters }).map((v) => v.when)).toEqual([[]]);
    expect(known(valuesOf({ Ref: 'Origin' }, { Parameters }, { Origin: '*' }))).toEqual(['*']);
  });

  test('!FindInMap over AWS::Region: one value per key of the mapping, tagged with the region', () => {
    const vals = valuesOf({ 'Fn::FindInMap': ['ByRegion', { Ref: 'AWS::Region' }, 'Origin'] }, { Mappings });
    expect(vals.map((v) => [v.known && v.value, v.when])).toEqual([
      ['*', [{ name: 'AWS::Region', value: 'eu-west-1' }]],
      ['https://app.example.com', [{ name: 'AWS::Region', value: 'us-east-1' }]],
    ]);
    expect(known(valuesOf({ 'Fn::FindInMap': ['ByRegion', { Ref: 'AWS::Region' }, 'Origin'] }, { Mappings }, { 'AWS::Region': 'us-east-1' }))).toEqual(['https://app.example.com']);
  });

  test("!FindInMap keyed by a parameter with AllowedValues reads only the keys it allows; two values keyed alike pair up", () => {
    const origins = valuesOf({ 'Fn::FindInMap': ['ByStage', { Ref: 'Stage' }, 'Origin'] }, { Parameters, Mappings });
    expect(known(origins)).toEqual(['*', 'https://app.example.com']);
    const joined = valuesOf({ 'Fn::Join': [' ', [{ 'Fn::FindInMap': ['ByStage', { Ref: 'Stage' }, 'Origin'] }, { 'Fn::FindInMap': ['ByStage', { Ref: 'Stage' }, 'Credentials'] }]] }, { Parameters, Mappings });
    expect(known(joined)).toEqual(['* false', 'https://app.example.com true']);
  });
});

/**
 * Seeded YAML texts for the parity test (`test/load/parity.test.ts`, `scripts/yaml-parity.mjs`): template-like
 * documents from a small grammar that reaches every corner of YAML 1.1 a template may touch — block and flow
 * collections, compact and indentless sequences, plain scalars over lines and inside brackets, quoted scalars with
 * escapes and folds, block scalars with indicators, comments, short and `!!` tags, anchors, aliases and merge keys,
 * explicit keys, directives, document markers, a byte-order mark, CRLF, tabs — and mutations of them and of given
 * texts (characters, lines and indentation changed), which reach the errors.
 *
 * Plain JavaScript (ESM), so that the jest test and the exploration script share it. The same seed gives the same
 * texts.
 */

/** A seeded random number generator (mulberry32): numbers in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN = [
  'v', 'value', 'a b', 'AllowOrigin', "'*'", 'https://example.com', 'http://x/y?z=1&w=2', '${AWS::Region}', 'arn:aws:s3:::b/*',
  '123', '-1', '+12', '0', '-0', '0755', '08', '0x1F', '0b101', '1_000', '1_', '1:20', '190:20:30', '1:20.5', '0.5', '.5',
  '-.5', '+.5', '1.', '1.5e+3', '1.5e3', '1e3', '.inf', '-.Inf', '.NaN', '.', '-', '-x', ':x', '?x', 'a:b', 'a#b', 'x,y',
  'a]b', 'a}b', 'a[b', 'a{b', 'a?b', 'a*b', 'a&b', 'a!b', 'a|b', 'a>b', 'a%b', 'a@b', 'yes', 'No', 'ON', 'off', 'y', 'N',
  'true', 'False', 'null', 'Null', '~', '2024-01-01', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
  '2024-13-45', '2024-2-30', '0000-01-01', '<<', '=', 'é', '😀', 'a\tb', 'a  b', 'x\u00a0y', 'AWS::Serverless-2016-10-31',
];
const ODD_PLAIN = ['@x', '`x', '%x', '!x', '&x', '*x', '|x', '>x', '"x', "'x", '#x', ',x', '[x', ']x', '{x', '}x'];
const SINGLE = ["'it''s'", "''", "'a b'", "'*'", "'multi\n  line'", "'a\n\n   b  \n c'", "'x\ty'", "'\"dq\"'", "'\\n'", "'open"];
const DOUBLE = [
  '"dq"', '""', '"\\" \\n \\x41"', '"\\u00e9\\U0001F600"', '"\\/ \\N \\_ \\L \\P \\e \\0 \\t \\ x"', '"a\\\n   b"',
  '"multi\n      line\\\n   next  \n\n     end"', '"x\n y"', '"\\q"', '"\\x4"', '"\\ud800"', '"tab\there"', '"open',
  '"${AWS::StackName}-x"', '"\'*\'"',
];
const KEYS = ['Key', 'Type', 'Properties', 'a b', '"quoted"', "'sq'", 'Fn::Sub', '200', 'on', 'x:y', '~', '<<', '=', '"<<"', '-k', 'é', 'Key'];
const TAGS = ['!Ref', '!Sub', '!GetAtt', '!If', '!Join', '!Select', '!Split', '!Base64', '!Condition', '!GetAZs', '!Foo.bar', '!FindInMap', '!Equals', '!Not'];
const TYPE_TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!seq', '!!map', '!!binary', '!!timestamp', '!!set', '!!omap', '!!pairs', '!<tag:yaml.org,2002:str>', '!', '!!python/none', '!<!Ref>'];
const MUTATIONS = [' ', '  ', '\n', '#', ':', '- ', '"', "'", '[', ']', '{', '}', ',', '!Ref ', '|', '>', '\t', '\r\n', '&a', '*a', '?', '%', '---', '...', 'x', '0', '~', '\\', '|-', '>+', '#c', '<<: ', '*a0', '&a0 ', '\r', '\u0085', '\u2028', '\ufeff'];

/** The generator over one random source. */
function grammar(r) {
  const pick = (list) => list[Math.floor(r() * list.length)];
  const chance = (p) => r() < p;
  const sp = (n) => ' '.repeat(Math.max(0, n));
  let anchors = [];
  let anchorCount = 0;

  /** An anchor to put on a node (sometimes), remembered for aliases. */
  const anchor = () => {
    if (!chance(0.12)) return '';
    const name = chance(0.05) && anchors.length > 0 ? pick(anchors) : `a${anchorCount++}`;
    anchors.push(name);
    return `&${name} `;
  };
  const alias = () => `*${anchors.length > 0 && !chance(0.05) ? pick(anchors) : 'nowhere'}`;

  const plain = (flow) => {
    if (chance(0.04)) return pick(ODD_PLAIN);
    const p = pick(PLAIN);
    // the plain scalars that brackets end are what flow context is about
    return flow && chance(0.1) ? `${p}${pick([',', ']', '}', '?', ':'])}${pick(PLAIN)}` : p;
  };

  const scalar = (flow, indent) => {
    const t = r();
    if (t < 0.5) return plain(flow);
    if (t < 0.62) return pick(SINGLE).replace(/\n/g, `\n${sp(indent + (chance(0.8) ? 2 : -1))}`);
    if (t < 0.76) return pick(DOUBLE).replace(/\n/g, `\n${sp(indent + (chance(0.8) ? 2 : -1))}`);
    if (t < 0.84) {
      // a plain scalar over lines (in flow context, indentation does not matter)
      const lines = [plain(flow), plain(flow), plain(flow)].slice(0, 2 + Math.floor(r() * 2));
      return lines.join(`\n${chance(0.2) ? '\n' : ''}${sp(indent + (chance(0.85) ? 2 : -2))}`);
    }
    if (t < 0.92) {
      const tag = pick(TAGS);
      if (tag === '!GetAZs' && chance(0.5)) return tag;
      if (tag === '!GetAtt') return `${tag} ${pick(['Res.Arn', 'A.B.C', '[Res, Arn]', '"q.r"'])}`;
      if (tag === '!Split') return `${tag} [${pick(['-', ',', '":"', '.'])}, ${plain(true)}]`;
      return `${tag} ${chance(0.5) ? plain(flow) : flowNode(1, indent, flow)}`;
    }
    if (t < 0.97) {
      const tag = pick(TYPE_TAGS);
      return `${tag} ${pick(['1', '0x1F', 'yes', 'abc', '~', '2024-01-01', 'aGVsbG8=', '1.5', '[a, b]', '{a: 1}', '[a: 1, b: 2]', '{a, b}', '""', "'7'"])}`;
    }
    return alias();
  };

  /** A flow collection (or a scalar inside one), maybe over lines indented any way. */
  const flowNode = (depth, indent, inFlow = true) => {
    if (depth > 3 || chance(0.3)) return chance(0.06) ? alias() : scalar(inFlow, indent);
    const items = Array.from({ length: Math.floor(r() * 4) }, () => flowNode(depth + 1, indent, true));
    const nl = chance(0.3) ? `\n${sp(Math.floor(r() * (indent + 4)))}` : '';
    const trailing = chance(0.15) ? ',' : '';
    const a = anchor();
    if (chance(0.5)) {
      const body = items.map((v) => (chance(0.1) ? `${pick(['? ', ''])}${pick(KEYS)}: ${v}` : v));
      return `${a}[${nl}${body.join(`,${chance(0.2) ? ' #c\n' : ''}${nl || ' '}`)}${trailing}${nl}]`;
    }
    const pairs = items.map((v, i) => {
      const k = chance(0.08) ? '<<' : chance(0.05) ? alias() + ' ' : pick([...KEYS, `k${i}`, `"k${i}"`, 'Fn::If']);
      if (k === '<<') return `<<: ${chance(0.6) ? alias() : `[${alias()}, ${alias()}]`}`;
      return chance(0.08) ? k : `${k}: ${v}`;
    });
    return `${a}{${nl}${pairs.join(`,${nl || ' '}`)}${trailing}${nl}}`;
  };

  /** A block scalar's header and content lines, its content indented more than `indent`. */
  const blockScalar = (indent) => {
    const header = `${pick(['|', '>'])}${pick(['', '', '-', '+', '2', '1-', '+3', '0'])}${chance(0.1) ? ' # header' : ''}`;
    const ci = indent + 1 + Math.floor(r() * 3);
    const lines = [];
    for (let j = 0, n = 1 + Math.floor(r() * 5); j < n; j++) {
      const t = r();
      if (t < 0.15) lines.push('');
      else if (t < 0.22) lines.push(sp(Math.floor(r() * (ci + 3))));
      else if (t < 0.32) lines.push(`${sp(ci + 2)}more ${j}`);
      else if (t < 0.36) lines.push(`${sp(ci)}\ttab`);
      else lines.push(`${sp(ci)}${pick(['line', '# not a comment', 'a: b', '"q"', 'x  y', '- item'])}${j}`);
    }
    return [header, lines];
  };

  /** The lines of a block mapping (or sequence) at `indent`. */
  const block = (depth, indent) => {
    const lines = [];
    const pad = sp(indent);
    if (chance(0.25) && depth > 0) return sequence(depth, indent);
    for (let i = 0, n = 1 + Math.floor(r() * 5); i < n; i++) {
      if (chance(0.12)) lines.push(`${sp(Math.floor(r() * (indent + 4)))}# comment ${i}`);
      if (chance(0.08)) lines.push(chance(0.5) ? '' : sp(Math.floor(r() * 6)));
      let key = chance(0.04) ? `${alias()} ` : pick(KEYS);
      if (chance(0.05)) key = `? ${pick(KEYS)}\n${pad}`;
      const kind = r();
      const sep = chance(0.03) ? ':\t' : ': ';
      if (key === '<<') {
        const t = r();
        lines.push(`${pad}<<: ${t < 0.5 ? alias() : t < 0.8 ? `[${alias()}, ${alias()}]` : `{m: 1, n: ${scalar(true, indent)}}`}`);
      } else if (depth > 3 || kind < 0.35) {
        lines.push(`${pad}${key}${sep}${anchor()}${scalar(false, indent)}${chance(0.15) ? ' # trailing' : ''}${chance(0.02) ? '\t' : ''}`);
      } else if (kind < 0.6) {
        lines.push(`${pad}${key}:${chance(0.15) ? ` ${anchor()}` : ''}${chance(0.1) ? ' # c' : ''}`, ...block(depth + 1, indent + pick([1, 2, 2, 4])));
      } else if (kind < 0.75) {
        lines.push(`${pad}${key}:${chance(0.2) ? ` ${pick(TAGS)}` : ''}`, ...sequence(depth + 1, indent + (chance(0.3) ? 0 : 2)));
      } else if (kind < 0.87) {
        const [header, content] = blockScalar(indent);
        lines.push(`${pad}${key}: ${chance(0.2) ? '!Sub ' : ''}${header}`, ...content);
      } else lines.push(`${pad}${key}${sep}${flowNode(0, indent, false)}`);
    }
    return lines;
  };

  const sequence = (depth, si) => {
    const lines = [];
    for (let j = 0, n = 1 + Math.floor(r() * 3); j < n; j++) {
      if (chance(0.12)) lines.push(`${sp(Math.floor(r() * (si + 4)))}# c`);
      const t = r();
      if (t < 0.45) lines.push(`${sp(si)}- ${anchor()}${scalar(false, si)}`);
      else if (t < 0.62) lines.push(`${sp(si)}- ${pick(KEYS)}: ${scalar(false, si + 2)}`, `${sp(si + 2)}k2: ${scalar(false, si + 2)}`);
      else if (t < 0.72) lines.push(`${sp(si)}- - ${scalar(false, si + 4)}`, `${sp(si + 2)}- ${scalar(false, si + 2)}`);
      else if (t < 0.8) lines.push(`${sp(si)}-${chance(0.3) ? ' # empty' : ''}`);
      else if (t < 0.9 && depth < 4) lines.push(`${sp(si)}-`, ...block(depth + 1, si + 2));
      else lines.push(`${sp(si)}- ${flowNode(0, si, false)}`);
    }
    return lines;
  };

  /** One document: its lines, then markers, directives, a byte-order mark, CRLF. */
  const document = () => {
    anchors = [];
    anchorCount = 0;
    let text = block(0, 0).join('\n');
    if (chance(0.9)) text += '\n';
    if (chance(0.1)) text = `---\n${text}`;
    if (chance(0.04)) text = `%YAML ${pick(['1.1', '1.2', '2.0'])}\n${chance(0.3) ? '%TAG !e! tag:example.com,2000:\n' : ''}---\n${text}`;
    if (chance(0.04)) text += '...\n';
    if (chance(0.02)) text += `---\n${pick(['a: 1\n', '', '# c\n'])}`;
    if (chance(0.08)) text = text.replace(/\n/g, '\r\n');
    if (chance(0.03)) text = `\ufeff${text}`;
    return text;
  };

  return { document, pick, chance, sp };
}

/** `text` with a few characters or lines changed. */
export function mutate(r, text) {
  const { pick, chance, sp } = grammar(r);
  for (let k = 0, m = 1 + Math.floor(r() * 3); k < m; k++) {
    const at = Math.floor(r() * (text.length + 1));
    const op = r();
    if (op < 0.4) text = text.slice(0, at) + pick(MUTATIONS) + text.slice(at);
    else if (op < 0.65) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
    else {
      const lines = text.split('\n');
      const li = Math.floor(r() * lines.length);
      if (chance(0.4)) lines.splice(li, 0, lines[li]);
      else if (chance(0.5)) lines[li] = sp(Math.floor(r() * 3)) + lines[li];
      else lines[li] = lines[li].replace(/^ {1,2}/, '');
      text = lines.join('\n');
    }
  }
  return text;
}

/**
 * `count` texts from `seed`: three in five from the grammar, the rest mutations of grammar texts or of `given`
 * (templates, fixtures). Each has a name that says how to make it again.
 */
export function generate(seed, count, given = []) {
  const r = rng(seed);
  const g = grammar(r);
  const out = [];
  for (let i = 0; i < count; i++) {
    const t = r();
    let text;
    if (t < 0.6 || given.length === 0) text = g.document();
    else text = mutate(r, t < 0.8 ? g.document() : g.pick(given));
    if (text.trim() === '') text = 'a: 1\n';
    out.push({ name: `seed ${seed} text ${i}`, text });
  }
  return out;
}

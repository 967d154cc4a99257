/**
 * The full reader's parser: tokens → events (a document's start and end, scalars, aliases, the start and end of
 * each collection), by the grammar of the reader SAM uses (PyYAML, MIT licence): the same states, directives, tag
 * handles, empty values and errors. A state machine with an explicit stack of states: nothing here recurses.
 */
import { YamlSyntaxError } from './errors.js';
import { Scanner } from './scanner.js';
import {
  ALIAS,
  ANCHOR,
  BLOCK_END,
  BLOCK_ENTRY,
  BLOCK_MAPPING_START,
  BLOCK_SEQUENCE_START,
  DIRECTIVE,
  DOCUMENT_END,
  DOCUMENT_START,
  FLOW_ENTRY,
  FLOW_MAPPING_END,
  FLOW_MAPPING_START,
  FLOW_SEQUENCE_END,
  FLOW_SEQUENCE_START,
  KEY,
  PLAIN,
  SCALAR,
  STREAM_END,
  TAG,
  TOKEN_NAMES,
  VALUE,
  type Token,
} from './tokens.js';

export const EV_STREAM_START = 0;
export const EV_STREAM_END = 1;
export const EV_DOCUMENT_START = 2;
export const EV_DOCUMENT_END = 3;
export const EV_ALIAS = 4;
export const EV_SCALAR = 5;
export const EV_SEQUENCE_START = 6;
export const EV_SEQUENCE_END = 7;
export const EV_MAPPING_START = 8;
export const EV_MAPPING_END = 9;

export interface YamlEvent {
  t: number;
  /** Where the event starts (at its anchor or tag, if any) and ends. */
  s: number;
  e: number;
  /** Where the node's content starts: after its anchor and tag (a block collection: its first key or `-`). */
  cs: number;
  anchor?: string;
  anchorAt?: number;
  /** The tag, resolved through the document's tag handles (`!Ref`, `tag:yaml.org,2002:str`), or `!` alone. */
  tag?: string;
  tagAt?: number;
  tagEnd?: number;
  /** A scalar whose type is resolved from its text (plain and untagged, or tagged `!`). */
  implicit?: boolean;
  value?: string;
  style?: number;
  flow?: boolean;
  /** A scalar with no content (an empty value, or a tag or anchor on nothing). */
  empty?: boolean;
  /** An alias's name. */
  alias?: string;
  /** Where the block collection entry this node starts begins: its `-`, or its key (`?` for an explicit one). */
  entry?: number;
}

const DEFAULT_TAGS: ReadonlyMap<string, string> = new Map([
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
]);

// the parser's states
const END = 0;
const IMPLICIT_DOCUMENT_START = 1;
const DOCUMENT_START_S = 2;
const DOCUMENT_END_S = 3;
const DOCUMENT_CONTENT = 4;
const BLOCK_NODE = 5;
const BLOCK_SEQUENCE_FIRST_ENTRY = 6;
const BLOCK_SEQUENCE_ENTRY = 7;
const INDENTLESS_SEQUENCE_ENTRY = 8;
const BLOCK_MAPPING_FIRST_KEY = 9;
const BLOCK_MAPPING_KEY = 10;
const BLOCK_MAPPING_VALUE = 11;
const FLOW_SEQUENCE_FIRST_ENTRY = 12;
const FLOW_SEQUENCE_ENTRY = 13;
const FLOW_SEQUENCE_ENTRY_MAPPING_KEY = 14;
const FLOW_SEQUENCE_ENTRY_MAPPING_VALUE = 15;
const FLOW_SEQUENCE_ENTRY_MAPPING_END = 16;
const FLOW_MAPPING_FIRST_KEY = 17;
const FLOW_MAPPING_KEY = 18;
const FLOW_MAPPING_VALUE = 19;
const FLOW_MAPPING_EMPTY_VALUE = 20;
const STREAM_START_S = 21;

/** Marks an event as the start of a block collection's entry at `at`. */
function entry(event: YamlEvent, at: number): YamlEvent {
  event.entry = at;
  return event;
}

function tokenName(token: Token): string {
  return TOKEN_NAMES[token.t] ?? 'a token';
}

export class Parser {
  private readonly scanner: Scanner;
  private state = STREAM_START_S;
  private readonly states: number[] = [];
  /** Where each open collection starts, for messages. */
  private readonly marks: number[] = [];
  private tagHandles: Map<string, string> = new Map(DEFAULT_TAGS);

  constructor(text: string) {
    this.scanner = new Scanner(text);
  }

  /** The comments the scanner has skipped so far, in text order. */
  get comments(): Scanner['comments'] {
    return this.scanner.comments;
  }

  /** The next event; after the stream's end, the stream's end again. */
  next(): YamlEvent {
    switch (this.state) {
      case STREAM_START_S: {
        const token = this.scanner.take();
        this.state = IMPLICIT_DOCUMENT_START;
        return { t: EV_STREAM_START, s: token.s, e: token.e, cs: token.s };
      }
      case IMPLICIT_DOCUMENT_START:
        return this.implicitDocumentStart();
      case DOCUMENT_START_S:
        return this.documentStart();
      case DOCUMENT_END_S:
        return this.documentEnd();
      case DOCUMENT_CONTENT:
        return this.documentContent();
      case BLOCK_NODE:
        return this.node(true, false);
      case BLOCK_SEQUENCE_FIRST_ENTRY:
        this.marks.push(this.scanner.take().s);
        return this.blockSequenceEntry();
      case BLOCK_SEQUENCE_ENTRY:
        return this.blockSequenceEntry();
      case INDENTLESS_SEQUENCE_ENTRY:
        return this.indentlessSequenceEntry();
      case BLOCK_MAPPING_FIRST_KEY:
        this.marks.push(this.scanner.take().s);
        return this.blockMappingKey();
      case BLOCK_MAPPING_KEY:
        return this.blockMappingKey();
      case BLOCK_MAPPING_VALUE:
        return this.blockMappingValue();
      case FLOW_SEQUENCE_FIRST_ENTRY:
        this.marks.push(this.scanner.take().s);
        return this.flowSequenceEntry(true);
      case FLOW_SEQUENCE_ENTRY:
        return this.flowSequenceEntry(false);
      case FLOW_SEQUENCE_ENTRY_MAPPING_KEY:
        return this.flowSequenceEntryMappingKey();
      case FLOW_SEQUENCE_ENTRY_MAPPING_VALUE:
        return this.flowSequenceEntryMappingValue();
      case FLOW_SEQUENCE_ENTRY_MAPPING_END: {
        this.state = FLOW_SEQUENCE_ENTRY;
        const at = this.scanner.peek().s;
        return { t: EV_MAPPING_END, s: at, e: at, cs: at };
      }
      case FLOW_MAPPING_FIRST_KEY:
        this.marks.push(this.scanner.take().s);
        return this.flowMappingKey(true);
      case FLOW_MAPPING_KEY:
        return this.flowMappingKey(false);
      case FLOW_MAPPING_VALUE:
        return this.flowMappingValue();
      case FLOW_MAPPING_EMPTY_VALUE:
        this.state = FLOW_MAPPING_KEY;
        return this.emptyScalar(this.scanner.peek().s);
      default: {
        const at = this.scanner.peek().s;
        return { t: EV_STREAM_END, s: at, e: at, cs: at };
      }
    }
  }

  private fail(problem: string, at: number, context?: string, contextAt?: number): never {
    throw new YamlSyntaxError(problem, at, context, contextAt);
  }

  private pop(): number {
    return this.states.pop() ?? END;
  }

  private emptyScalar(at: number): YamlEvent {
    return { t: EV_SCALAR, s: at, e: at, cs: at, implicit: true, value: '', style: PLAIN, empty: true };
  }

  // ---- documents

  private implicitDocumentStart(): YamlEvent {
    const t = this.scanner.next();
    if (t === DIRECTIVE || t === DOCUMENT_START || t === STREAM_END) return this.documentStart();
    this.tagHandles = new Map(DEFAULT_TAGS);
    const at = this.scanner.peek().s;
    this.states.push(DOCUMENT_END_S);
    this.state = BLOCK_NODE;
    return { t: EV_DOCUMENT_START, s: at, e: at, cs: at };
  }

  private documentStart(): YamlEvent {
    while (this.scanner.next() === DOCUMENT_END) this.scanner.take();
    if (this.scanner.next() === STREAM_END) {
      const token = this.scanner.take();
      this.state = END;
      return { t: EV_STREAM_END, s: token.s, e: token.e, cs: token.s };
    }
    const s = this.scanner.peek().s;
    this.processDirectives();
    const next = this.scanner.peek();
    if (next.t !== DOCUMENT_START) this.fail(`expected '---' after the directives, found ${tokenName(next)}`, next.s);
    const token = this.scanner.take();
    this.states.push(DOCUMENT_END_S);
    this.state = DOCUMENT_CONTENT;
    return { t: EV_DOCUMENT_START, s, e: token.e, cs: s };
  }

  private documentEnd(): YamlEvent {
    const s = this.scanner.peek().s;
    let e = s;
    if (this.scanner.next() === DOCUMENT_END) e = this.scanner.take().e;
    this.state = DOCUMENT_START_S;
    return { t: EV_DOCUMENT_END, s, e, cs: s };
  }

  private documentContent(): YamlEvent {
    const t = this.scanner.next();
    if (t === DIRECTIVE || t === DOCUMENT_START || t === DOCUMENT_END || t === STREAM_END) {
      this.state = this.pop();
      return this.emptyScalar(this.scanner.peek().s);
    }
    return this.node(true, false);
  }

  private processDirectives(): void {
    let version = false;
    this.tagHandles = new Map();
    while (this.scanner.next() === DIRECTIVE) {
      const token = this.scanner.take();
      if (token.value === 'YAML') {
        if (version) this.fail('a second %YAML directive', token.s);
        if (token.major !== 1) this.fail(`a YAML ${token.major}.${token.minor} document: only version 1.x is read`, token.s);
        version = true;
      } else if (token.value === 'TAG') {
        const handle = token.tagHandle!;
        if (this.tagHandles.has(handle)) this.fail(`a second %TAG directive for the handle '${handle}'`, token.s);
        this.tagHandles.set(handle, token.tagPrefix!);
      }
    }
    for (const [handle, prefix] of DEFAULT_TAGS) if (!this.tagHandles.has(handle)) this.tagHandles.set(handle, prefix);
  }

  // ---- nodes

  /** A node: an alias, or a scalar or the start of a collection with its anchor and tag. */
  private node(block: boolean, indentlessSequence: boolean): YamlEvent {
    const first = this.scanner.peek();
    if (first.t === ALIAS) {
      const token = this.scanner.take();
      this.state = this.pop();
      return { t: EV_ALIAS, s: token.s, e: token.e, cs: token.s, alias: token.value };
    }
    let anchor: string | undefined;
    let anchorAt: number | undefined;
    let tagToken: Token | undefined;
    let s: number | undefined;
    let e = 0;
    if (first.t === ANCHOR) {
      const token = this.scanner.take();
      [s, e, anchor, anchorAt] = [token.s, token.e, token.value, token.s];
      if (this.scanner.next() === TAG) {
        tagToken = this.scanner.take();
        e = tagToken.e;
      }
    } else if (first.t === TAG) {
      tagToken = this.scanner.take();
      [s, e] = [tagToken.s, tagToken.e];
      if (this.scanner.next() === ANCHOR) {
        const token = this.scanner.take();
        [e, anchor, anchorAt] = [token.e, token.value, token.s];
      }
    }
    let tag: string | undefined;
    if (tagToken) {
      const handle = tagToken.handle;
      if (handle !== null && handle !== undefined) {
        const prefix = this.tagHandles.get(handle);
        if (prefix === undefined) this.fail(`the tag handle '${handle}' is not defined by a %TAG directive`, tagToken.s, 'the node', s);
        tag = prefix + tagToken.suffix!;
      } else tag = tagToken.suffix!;
    }
    const props = { anchor, anchorAt, tag, tagAt: tagToken?.s, tagEnd: tagToken?.e };
    const next = this.scanner.peek();
    if (s === undefined) s = e = next.s;
    const implicit = tag === undefined || tag === '!';
    if (indentlessSequence && next.t === BLOCK_ENTRY) {
      this.state = INDENTLESS_SEQUENCE_ENTRY;
      return { t: EV_SEQUENCE_START, s, e: next.e, cs: next.s, ...props, flow: false };
    }
    switch (next.t) {
      case SCALAR: {
        const token = this.scanner.take();
        this.state = this.pop();
        const resolve = (token.style === PLAIN && tag === undefined) || tag === '!';
        return { t: EV_SCALAR, s, e: token.e, cs: token.s, ...props, implicit: resolve, value: token.value, style: token.style };
      }
      case FLOW_SEQUENCE_START:
        this.state = FLOW_SEQUENCE_FIRST_ENTRY;
        return { t: EV_SEQUENCE_START, s, e: next.e, cs: next.s, ...props, flow: true };
      case FLOW_MAPPING_START:
        this.state = FLOW_MAPPING_FIRST_KEY;
        return { t: EV_MAPPING_START, s, e: next.e, cs: next.s, ...props, flow: true };
      case BLOCK_SEQUENCE_START:
        if (!block) break;
        this.state = BLOCK_SEQUENCE_FIRST_ENTRY;
        return { t: EV_SEQUENCE_START, s, e: next.s, cs: next.s, ...props, flow: false };
      case BLOCK_MAPPING_START:
        if (!block) break;
        this.state = BLOCK_MAPPING_FIRST_KEY;
        return { t: EV_MAPPING_START, s, e: next.s, cs: next.s, ...props, flow: false };
      default:
    }
    if (anchor !== undefined || tag !== undefined) {
      // an anchor or a tag on nothing: the empty scalar
      this.state = this.pop();
      return { t: EV_SCALAR, s, e, cs: e, ...props, implicit, value: '', style: PLAIN, empty: true };
    }
    return this.fail(`expected a value, found ${tokenName(next)}`, next.s, block ? 'the block node' : 'the flow node', s);
  }

  // ---- block collections

  private blockSequenceEntry(): YamlEvent {
    if (this.scanner.next() === BLOCK_ENTRY) {
      const token = this.scanner.take();
      const t = this.scanner.next();
      if (t !== BLOCK_ENTRY && t !== BLOCK_END) {
        this.states.push(BLOCK_SEQUENCE_ENTRY);
        return entry(this.node(true, false), token.s);
      }
      this.state = BLOCK_SEQUENCE_ENTRY;
      return entry(this.emptyScalar(token.e), token.s);
    }
    const token = this.scanner.peek();
    if (token.t !== BLOCK_END) {
      this.fail(`expected a '-' entry of the sequence, found ${tokenName(token)}`, token.s, 'the sequence', this.marks[this.marks.length - 1]);
    }
    this.scanner.take();
    this.state = this.pop();
    this.marks.pop();
    return { t: EV_SEQUENCE_END, s: token.s, e: token.e, cs: token.s };
  }

  private indentlessSequenceEntry(): YamlEvent {
    if (this.scanner.next() === BLOCK_ENTRY) {
      const token = this.scanner.take();
      const t = this.scanner.next();
      if (t !== BLOCK_ENTRY && t !== KEY && t !== VALUE && t !== BLOCK_END) {
        this.states.push(INDENTLESS_SEQUENCE_ENTRY);
        return entry(this.node(true, false), token.s);
      }
      this.state = INDENTLESS_SEQUENCE_ENTRY;
      return entry(this.emptyScalar(token.e), token.s);
    }
    const at = this.scanner.peek().s;
    this.state = this.pop();
    return { t: EV_SEQUENCE_END, s: at, e: at, cs: at };
  }

  private blockMappingKey(): YamlEvent {
    if (this.scanner.next() === KEY) {
      const token = this.scanner.take();
      const t = this.scanner.next();
      if (t !== KEY && t !== VALUE && t !== BLOCK_END) {
        this.states.push(BLOCK_MAPPING_VALUE);
        return entry(this.node(true, true), token.s);
      }
      this.state = BLOCK_MAPPING_VALUE;
      return entry(this.emptyScalar(token.e), token.s);
    }
    const token = this.scanner.peek();
    if (token.t !== BLOCK_END) {
      const at = this.marks[this.marks.length - 1];
      if (token.t === BLOCK_MAPPING_START) this.fail('this key is indented differently from the keys of its mapping', token.s, 'the mapping', at);
      if (token.t === BLOCK_ENTRY || token.t === BLOCK_SEQUENCE_START) this.fail("a '-' entry cannot stand among the keys of a mapping", token.s, 'the mapping', at);
      const what = token.t === VALUE ? "a ':' without a key before it" : tokenName(token);
      this.fail(`expected a key of the mapping, found ${what}`, token.s, 'the mapping', at);
    }
    this.scanner.take();
    this.state = this.pop();
    this.marks.pop();
    return { t: EV_MAPPING_END, s: token.s, e: token.e, cs: token.s };
  }

  private blockMappingValue(): YamlEvent {
    if (this.scanner.next() === VALUE) {
      const token = this.scanner.take();
      const t = this.scanner.next();
      if (t !== KEY && t !== VALUE && t !== BLOCK_END) {
        this.states.push(BLOCK_MAPPING_KEY);
        return this.node(true, true);
      }
      this.state = BLOCK_MAPPING_KEY;
      return this.emptyScalar(token.e);
    }
    this.state = BLOCK_MAPPING_KEY;
    return this.emptyScalar(this.scanner.peek().s);
  }

  // ---- flow collections

  private flowSequenceEntry(first: boolean): YamlEvent {
    if (this.scanner.next() !== FLOW_SEQUENCE_END) {
      if (!first) {
        if (this.scanner.next() === FLOW_ENTRY) this.scanner.take();
        else {
          const token = this.scanner.peek();
          this.fail(`expected ',' or ']', found ${tokenName(token)}`, token.s, "the '['", this.marks[this.marks.length - 1]);
        }
      }
      const token = this.scanner.peek();
      if (token.t === KEY) {
        this.state = FLOW_SEQUENCE_ENTRY_MAPPING_KEY;
        return { t: EV_MAPPING_START, s: token.s, e: token.e, cs: token.s, flow: true };
      }
      if (token.t !== FLOW_SEQUENCE_END) {
        this.states.push(FLOW_SEQUENCE_ENTRY);
        return this.node(false, false);
      }
    }
    const token = this.scanner.take();
    this.state = this.pop();
    this.marks.pop();
    return { t: EV_SEQUENCE_END, s: token.s, e: token.e, cs: token.s };
  }

  private flowSequenceEntryMappingKey(): YamlEvent {
    const token = this.scanner.take();
    const t = this.scanner.next();
    if (t !== VALUE && t !== FLOW_ENTRY && t !== FLOW_SEQUENCE_END) {
      this.states.push(FLOW_SEQUENCE_ENTRY_MAPPING_VALUE);
      return this.node(false, false);
    }
    this.state = FLOW_SEQUENCE_ENTRY_MAPPING_VALUE;
    return this.emptyScalar(token.e);
  }

  private flowSequenceEntryMappingValue(): YamlEvent {
    if (this.scanner.next() === VALUE) {
      const token = this.scanner.take();
      const t = this.scanner.next();
      if (t !== FLOW_ENTRY && t !== FLOW_SEQUENCE_END) {
        this.states.push(FLOW_SEQUENCE_ENTRY_MAPPING_END);
        return this.node(false, false);
      }
      this.state = FLOW_SEQUENCE_ENTRY_MAPPING_END;
      return this.emptyScalar(token.e);
    }
    this.state = FLOW_SEQUENCE_ENTRY_MAPPING_END;
    return this.emptyScalar(this.scanner.peek().s);
  }

  private flowMappingKey(first: boolean): YamlEvent {
    if (this.scanner.next() !== FLOW_MAPPING_END) {
      if (!first) {
        if (this.scanner.next() === FLOW_ENTRY) this.scanner.take();
        else {
          const token = this.scanner.peek();
          this.fail(`expected ',' or '}', found ${tokenName(token)}`, token.s, "the '{'", this.marks[this.marks.length - 1]);
        }
      }
      if (this.scanner.next() === KEY) {
        const token = this.scanner.take();
        const t = this.scanner.next();
        if (t !== VALUE && t !== FLOW_ENTRY && t !== FLOW_MAPPING_END) {
          this.states.push(FLOW_MAPPING_VALUE);
          return this.node(false, false);
        }
        this.state = FLOW_MAPPING_VALUE;
        return this.emptyScalar(token.e);
      }
      if (this.scanner.next() !== FLOW_MAPPING_END) {
        this.states.push(FLOW_MAPPING_EMPTY_VALUE);
        return this.node(false, false);
      }
    }
    const token = this.scanner.take();
    this.state = this.pop();
    this.marks.pop();
    return { t: EV_MAPPING_END, s: token.s, e: token.e, cs: token.s };
  }

  private flowMappingValue(): YamlEvent {
    if (this.scanner.next() === VALUE) {
      const token = this.scanner.take();
      const t = this.scanner.next();
      if (t !== FLOW_ENTRY && t !== FLOW_MAPPING_END) {
        this.states.push(FLOW_MAPPING_KEY);
        return this.node(false, false);
      }
      this.state = FLOW_MAPPING_KEY;
      return this.emptyScalar(token.e);
    }
    this.state = FLOW_MAPPING_KEY;
    return this.emptyScalar(this.scanner.peek().s);
  }
}

/**
 * The mapping template reader: where a template sets Access-Control-Allow-Origin through
 * `$context.responseOverride.header`, and whether the value is the request's Origin sent back without a check.
 */
import { readTemplateOrigin } from '../../src/model/vtl.js';

const ACAO = '$context.responseOverride.header.Access-Control-Allow-Origin';
const kinds = (text: string): string[] => {
  const reading = readTemplateOrigin(text);
  return reading.unknown ? [`unknown: ${reading.unknown}`] : reading.overrides.map((o) => o.kind);
};

test.each([
  ['directly', `#set(${ACAO} = $input.params('origin'))`],
  ['from the header map', `#set(${ACAO} = $input.params().header.get("Origin"))`],
  ['from the header map by property', `#set(${ACAO} = $input.params().header.Origin)`],
  ['through get("header")', `#set(${ACAO} = $input.params().get('header').get('origin'))`],
  ['through a variable, with the lower-case fallback', `#set($o = $input.params("Origin"))\n#if($o == "") #set($o = $input.params("origin")) #end\n#set(${ACAO} = $o)`],
  ['in a string', `#set($o = $input.params('origin'))#set(${ACAO} = "$o")`],
  ['escaped', `#set(${ACAO} = $util.escapeJavaScript($input.params('origin')))`],
  ['in formal and quiet notation', `#set($o = $!{input.params('origin')})#set(${ACAO} = \${o})`],
  ['under a check every origin passes', `#set($o = $input.params('origin'))#if($o.matches(".*"))#set(${ACAO} = $o)#end`],
  ['under a non-empty check', `#set($o = $input.params('origin'))#if($o != "" && !$o.isEmpty())#set(${ACAO} = $o)#end`],
  ['under a condition about something else', `#if($context.httpMethod == "GET")#set(${ACAO} = $input.params('origin'))#end`],
  ['inside a loop', `#foreach($i in [1])#set(${ACAO} = $input.params('origin'))#end`],
  ['with a directive in braces', `#{set}(${ACAO} = $input.params('origin'))`],
])('reflected: %s', (_name, text) => {
  expect(kinds(text)).toEqual(['reflected']);
});

test.each([
  ['compared with origins', `#set($o = $input.params('origin'))#if($o == "https://a.example.com" || $o == "https://b.example.com")#set(${ACAO} = $o)#end`],
  ['looked up in a list', `#set($list = ["https://a.example.com"])#set($o = $input.params('origin'))#if($list.contains($o))#set(${ACAO} = $o)#end`],
  ['in the else of a check', `#set($o = $input.params('origin'))#if($o == "https://a.example.com")#else#set(${ACAO} = $o)#end`],
  ['a regular expression that is not everything', `#set($o = $input.params('origin'))#if($o.matches("https://[a-z]+\\\\.example\\\\.com"))#set(${ACAO} = $o)#end`],
  ['through a flag computed from the origin', `#set($o = $input.params('origin'))#set($ok = $o.endsWith(".example.com"))#if($ok)#set(${ACAO} = $o)#end`],
])('checked: %s', (_name, text) => {
  expect(kinds(text)).toEqual(['checked']);
});

test.each([
  ['a literal', `#set(${ACAO} = 'https://a.example.com')`],
  ['a variable that is not always the origin', `#set($o = $input.params('origin'))#if(!$o.endsWith('.example.com'))#set($o = 'https://www.example.com')#end#set(${ACAO} = $o)`],
  ['another header', `#set(${ACAO} = $input.params('referer'))`],
])('other: %s', (_name, text) => {
  expect(kinds(text)).toEqual(['other']);
});

test('comments, text with # and other headers are not overrides of the origin', () => {
  expect(kinds(`## #set(${ACAO} = $input.params('origin'))\n#* #set(${ACAO} = $input.params('origin')) *#\n{"color": "#fff", "n": "#1"}\n#set($context.responseOverride.header.Vary = "Origin")`)).toEqual([]);
});

test('what the reader does not follow makes the whole template unknown', () => {
  expect(kinds(`#macro(allow)#end#set(${ACAO} = $input.params('origin'))`)).toEqual(['unknown: the template uses #macro']);
  expect(kinds(`#parse("x.vm")`)).toEqual(['unknown: the template uses #parse']);
  expect(kinds(`#set(${ACAO} = $input.params('origin')`)).toEqual(['unknown: #set( is not closed']);
  expect(kinds('#end')).toEqual(['unknown: #end without a block']);
});

test('each override is located and quoted, with the check every origin passes', () => {
  const text = `#set($o = $input.params("Origin"))\n#if($o.matches(".*")) #set(${ACAO} = $o) #end`;
  const [override] = readTemplateOrigin(text).overrides;
  expect(override).toEqual({ kind: 'reflected', offset: text.indexOf(`#set(${ACAO}`), text: `#set(${ACAO} = $o)`, condition: '$o.matches(".*")' });
});

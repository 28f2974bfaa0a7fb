import { WxCryptoError } from '../errors/errors.js';

/** One element of callback XML: its name, its character data (CDATA joined, entities decoded) and children. */
export interface XmlElement {
  readonly name: string;
  /** Every text and CDATA section directly inside, joined; '' for an element whose only text is layout. */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

export interface XmlLimits {
  /** Characters of input; default 1 MiB (callback bodies are at most 64 KiB, their plaintext less). */
  maxLength?: number;
  /** Nesting below the root; default 16 (real payloads nest 3 deep: SendPicsInfo/PicList/item). */
  maxDepth?: number;
  /** Elements in all; default 10,000. */
  maxElements?: number;
}

/** Element names the parser reads and the builder writes (XML names without the non-ASCII letters). */
export const XML_NAME = '[A-Za-z_][\\w.:-]*';
// XML_NAME by character code (a sticky regex per name costs a match object each time).
const nameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const nameChar = (c: number) => nameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 58;
const space = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const fail = (message: string, at?: number): never => {
  throw new WxCryptoError(at === undefined ? message : `${message} at character ${at}`, { errcode: -40002 });
};

function decodeEntities(raw: string, at: number): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', from)) {
    out += raw.slice(from, amp);
    // Look for the `;` within the longest entity only, so a run of bare `&` stays linear.
    const near = raw.slice(amp + 1, amp + 12).indexOf(';');
    const semi = near === -1 ? -1 : amp + 1 + near;
    const body = semi === -1 ? undefined : raw.slice(amp + 1, semi);
    let char: string | undefined;
    // Own names only: `in` would also find Object.prototype's (`&toString;` would become a function's source).
    if (body !== undefined && Object.hasOwn(NAMED, body)) char = NAMED[body];
    else if (body !== undefined && /^#(\d{1,7}|x[0-9A-Fa-f]{1,6})$/.test(body)) {
      const point = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      if (point <= 0x10ffff) char = String.fromCodePoint(point);
    }
    // No DTD is ever read, so a name other than the five predefined ones cannot mean anything: refuse it.
    if (char === undefined)
      fail('Unknown or malformed entity (only &lt; &gt; &amp; &quot; &apos; &#…;)', at + amp);
    out += char;
    from = semi + 1;
  }
  return out + raw.slice(from);
}

interface Open {
  name: string;
  text: string[];
  children: XmlElement[];
}

/**
 * Reads the XML the platforms send (`<xml>…</xml>`, no attributes) into a tree, in one pass: every step moves
 * forward, so time is linear in the input. It refuses DOCTYPE/ENTITY declarations (no XXE, no billion laughs),
 * entities beyond the predefined and numeric ones, attributes, and input past the limits; every refusal is a
 * WxCryptoError -40002 (ParseXml_Error).
 */
export function parseXmlTree(xml: string, limits: XmlLimits = {}): XmlElement {
  if (typeof xml !== 'string') return fail('Not the platform XML: expected a string');
  const maxLength = limits.maxLength ?? 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 16;
  const maxElements = limits.maxElements ?? 10_000;
  if (xml.length > maxLength) fail(`XML longer than ${maxLength} characters is refused`);
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  let elements = 0;

  const skipSpace = () => {
    while (space(xml.charCodeAt(i))) i++;
  };
  const readName = (): string => {
    const start = i;
    if (!nameStart(xml.charCodeAt(i))) return fail('Expected an element name', i);
    i++;
    while (nameChar(xml.charCodeAt(i))) i++;
    return xml.slice(start, i);
  };
  const until = (end: string, what: string): number => {
    const at = xml.indexOf(end, i);
    if (at === -1) fail(`Unterminated ${what}`, i);
    return at;
  };

  skipSpace();
  if (xml.startsWith('<?xml', i)) {
    const end = until('?>', 'XML declaration');
    i = end + 2;
  }
  while (i < xml.length) {
    const top = stack[stack.length - 1];
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      if (top) top.text.push(decodeEntities(raw, i));
      else if (raw.trim() !== '') fail('Text outside the root element', i);
      i = textEnd;
      continue;
    }
    const next = xml.charCodeAt(i + 1);
    if (next === 33 /* ! */ && xml.startsWith('<![CDATA[', i)) {
      if (!top) fail('CDATA outside the root element', i);
      const end = until(']]>', 'CDATA section');
      top?.text.push(xml.slice(i + 9, end));
      i = end + 3;
    } else if (next === 33 && xml.startsWith('<!--', i)) {
      i = until('-->', 'comment') + 3;
    } else if (next === 33 || next === 63 /* ? */) {
      fail(
        'XML with a DOCTYPE or ENTITY declaration or a processing instruction is refused (no DTD is read)',
        i,
      );
    } else if (next === 47 /* / */) {
      i += 2;
      const name = readName();
      skipSpace();
      if (xml[i] !== '>') fail(`Malformed closing tag </${name}`, i);
      i++;
      const open = stack.pop();
      if (!open || open.name !== name)
        fail(`Closing tag </${name}> does not match <${open?.name ?? '(none)'}>`, i);
      const element = close(open as Open);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else root = element;
    } else {
      if (root) fail('Content after the root element', i);
      i++;
      const name = readName();
      skipSpace();
      const selfClosing = xml.charCodeAt(i) === 47 && xml.charCodeAt(i + 1) === 62;
      if (!selfClosing && xml[i] !== '>')
        fail(`Element <${name}> has attributes or a malformed tag; platform XML has none`, i);
      i += selfClosing ? 2 : 1;
      if (++elements > maxElements) fail(`More than ${maxElements} elements`);
      if (stack.length > maxDepth) fail(`Nested deeper than ${maxDepth} levels`, i);
      if (stack.length === 0 && name !== 'xml')
        fail(`Not the platform XML: the root is <${name}>, expected a single <xml>…</xml> element`);
      const open: Open = { name, text: [], children: [] };
      if (!selfClosing) stack.push(open);
      else if (top) top.children.push(close(open));
      else root = close(open);
    }
  }
  if (stack.length > 0) fail(`Unclosed element <${stack[stack.length - 1]?.name}>`);
  if (!root) fail('Not the platform XML: expected a single <xml>…</xml> element');
  return root as XmlElement;
}

function close(open: Open): XmlElement {
  const text = open.text.join('');
  // Indentation between child elements is layout, not a value.
  return {
    name: open.name,
    text: open.children.length > 0 && text.trim() === '' ? '' : text,
    children: open.children,
  };
}

/** The first child named `name`. */
export const xmlChild = (element: XmlElement, name: string): XmlElement | undefined =>
  element.children.find((c) => c.name === name);

/** Every child named `name`, in order (a list such as PicList's `item`s). */
export const xmlChildren = (element: XmlElement, name: string): XmlElement[] =>
  element.children.filter((c) => c.name === name);

/**
 * The top-level fields that hold a value (`{ MsgType: 'event', Event: 'click' }`), first occurrence winning.
 * The record has no prototype, so any field name (`constructor`, `__proto__`) is a plain key.
 * Nested elements are left out: read them from `parseXmlTree`.
 */
export function flatFields(root: XmlElement): Record<string, string> {
  const fields = Object.create(null) as Record<string, string>;
  for (const child of root.children)
    if (child.children.length === 0 && !Object.hasOwn(fields, child.name)) fields[child.name] = child.text;
  return fields;
}

/** The flat accessor: `parseXmlTree` then `flatFields`. */
export const parseXml = (xml: string, limits?: XmlLimits): Record<string, string> =>
  flatFields(parseXmlTree(xml, limits));

// A faster stand-in for the AWS SDK's XML parser, giving exactly what the SDK's own `XmlShapeDeserializer.parseXml`
// gives (its `parseXML` from @aws-sdk/xml-builder, then `getValueFromTextNode`): the SDK's parser builds every name
// and text a character at a time, which made it half of discovery's CPU (issue 17). This one finds each `<` with
// indexOf and slices, reads a `<Name>text</Name>` leaf in one step and reuses tag names: about 3.5× faster on a
// DescribeDBInstances page. xml-parse.test.ts checks it against the SDK's on AWS answers and generated documents;
// xml-protocols.ts plugs it into the RDS and EC2 clients.

type XmlValue = string | XmlObject | XmlValue[];
interface XmlObject {
  [key: string]: XmlValue;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g;
const ATTRIBUTE = /[ \t\r\n]*([^= \t\r\n>/?]+)[ \t\r\n]*=[ \t\r\n]*(["'])([^]*?)\2/gy;
const SPACE = ' \t\r\n';

/** Space, tab, line break, `>` or `/`: what ends a tag's name (a loop, not a regex: no match object per tag). */
function endsName(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 62 || code === 47;
}

/** Tag names seen so far, by length and first character: the same hundred-odd names come back in every answer. */
const knownNames = new Map<number, string[]>();
let knownCount = 0;
const MAX_KNOWN_NAMES = 4096;

/**
 * The tag name at x[start, end), as a string seen before when there is one: no new string per element, and a name
 * already used as a property key makes the next property write cheap.
 */
function tagName(x: string, start: number, end: number): string {
  const key = (end - start) * 65536 + x.charCodeAt(start);
  const candidates = knownNames.get(key);
  for (const name of candidates ?? []) if (x.startsWith(name, start)) return name;
  const name = x.slice(start, end);
  if (knownCount < MAX_KNOWN_NAMES) {
    knownCount++;
    if (candidates) candidates.push(name);
    else knownNames.set(key, [name]);
  }
  return name;
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, hex?: string, decimal?: string, named?: string) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (decimal) return String.fromCharCode(parseInt(decimal, 10));
    return ENTITIES[named ?? ''] ?? '';
  });
}

/** Whitespace with a line break: indentation, which the SDK drops. */
const isIndentation = (text: string): boolean => text.includes('\n') && text.trim() === '';

/** An own `__proto__` key, as the SDK writes one (never the prototype). */
function ownProtoKey(object: object): void {
  Object.defineProperty(object, '__proto__', { value: undefined, writable: true, enumerable: true, configurable: true });
}

/** An element being read: its text, its children so far, its attributes. */
class OpenElement {
  private allText = '';
  private textParts = 0;
  /** The text parts that are not indentation (what becomes `#text` beside children). */
  private keptText: string | undefined;
  private children: XmlObject | undefined;

  constructor(
    readonly tag: string,
    private readonly attributes: [string, string][] | undefined,
  ) {}

  addText(part: string): void {
    this.allText += part;
    this.textParts++;
    if (!isIndentation(part)) this.keptText = this.keptText === undefined ? part : this.keptText + part;
  }

  addChild(tag: string, value: XmlValue): void {
    const children = (this.children ??= {});
    if (tag === '__proto__') ownProtoKey(children);
    // One lookup; like the SDK's `tag in children`, an inherited name (`toString`) counts as present.
    const earlier = children[tag];
    if (earlier === undefined && tag !== '__proto__') children[tag] = value;
    else if (Array.isArray(earlier)) earlier.push(value);
    else children[tag] = [earlier!, value];
  }

  /** The SDK's rules: text alone is a string; with children or attributes, an object (`#text` first, attributes last). */
  value(): XmlValue {
    if (!this.attributes && !this.children) return this.textParts === 0 || isIndentation(this.allText) ? '' : this.allText;
    const object: XmlObject = this.keptText === undefined ? (this.children ?? {}) : { '#text': this.keptText, ...this.children };
    for (const [name, value] of this.attributes ?? []) {
      if (name === '__proto__') ownProtoKey(object);
      object[name] = value;
    }
    return object;
  }
}

/** What getValueFromTextNode makes of a child: an element that has text is that text. */
function asChild(value: XmlValue): XmlValue {
  return typeof value === 'object' && !Array.isArray(value) && value['#text'] !== undefined ? value['#text'] : value;
}

/**
 * Parses an AWS XML answer into what the SDK's `XmlShapeDeserializer.parseXml` returns: the root element's value
 * (an empty object for an empty body). Throws on XML that is not well formed, as the SDK does.
 */
export function parseAwsXml(input: string): unknown {
  if (!input.length) return {};
  const x = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  let i = skipProlog(x);
  const open: OpenElement[] = [];
  for (;;) {
    // An opening tag at i.
    let nameEnd = i + 1;
    while (nameEnd < x.length && !endsName(x.charCodeAt(nameEnd))) nameEnd++;
    let closedTag = tagName(x, i + 1, nameEnd);
    i = nameEnd;
    let attributes: [string, string][] | undefined;
    if (x[i] !== '>') {
      ATTRIBUTE.lastIndex = i;
      for (let match = ATTRIBUTE.exec(x); match; match = ATTRIBUTE.exec(x)) {
        (attributes ??= []).push([match[1]!, decodeEntities(match[3]!)]);
        i = ATTRIBUTE.lastIndex;
      }
      while (i < x.length && SPACE.includes(x[i]!)) i++;
    }
    let closed: XmlValue | undefined;
    if (x.startsWith('/>', i)) {
      i += 2;
      closed = attributes ? new OpenElement(closedTag, attributes).value() : '';
    } else if (x[i] === '>') {
      i++;
      const next = x.indexOf('<', i);
      if (!attributes && next !== -1 && isCloseTag(x, next, closedTag)) {
        // A leaf, `<Name>text</Name>`: most elements of an answer; nothing to keep open.
        const text = next > i ? decodeEntities(x.slice(i, next)) : '';
        closed = isIndentation(text) ? '' : text;
        i = next + closedTag.length + 3;
      } else open.push(new OpenElement(closedTag, attributes));
    } else throw new Error(`@aws-sdk XML parse error: malformed opening tag <${closedTag}>.`);

    // The content of the innermost open element, up to its next child element.
    for (;;) {
      if (closed !== undefined) {
        const parent = open.at(-1);
        if (!parent) return rootValue(closedTag, closed);
        parent.addChild(closedTag, asChild(closed));
        closed = undefined;
      }
      const element = open.at(-1)!;
      const next = x.indexOf('<', i);
      if (next === -1) throw new Error(`@aws-sdk XML parse error: missing closing tag </${element.tag}>.`);
      if (next > i) element.addText(decodeEntities(x.slice(i, next)));
      i = next;
      if (x[i + 1] === '/') {
        const end = indexAfter(x, '>', i);
        const closeTag = x.slice(i + 2, end - 1).trim();
        if (closeTag !== element.tag) throw new Error(`@aws-sdk XML parse error: mismatched tags <${element.tag}> and </${closeTag}>.`);
        i = end;
        open.pop();
        closed = element.value();
        closedTag = element.tag;
      } else if (x.startsWith('<!--', i)) i = indexAfter(x, '-->', i);
      else if (x.startsWith('<![CDATA[', i)) {
        const end = indexAfter(x, ']]>', i);
        element.addText(x.slice(i + 9, end - 3));
        i = end;
      } else if (x.startsWith('<?', i)) i = indexAfter(x, '?>', i);
      else break;
    }
  }
}

/** Whether `</tag>` is at `at`, exactly. */
function isCloseTag(x: string, at: number, tag: string): boolean {
  return x.charCodeAt(at + 1) === 47 /* / */ && x.startsWith(tag, at + 2) && x.charCodeAt(at + 2 + tag.length) === 62; /* > */
}

/** The SDK's last step: a root with text keeps it under the root's own name. */
function rootValue(tag: string, value: XmlValue): unknown {
  if (typeof value === 'object' && !Array.isArray(value) && value['#text']) {
    value[tag] = value['#text'];
    delete value['#text'];
  }
  return value;
}

/** Skips the declaration, comments and a DOCTYPE before the root element; returns the root's `<`. */
function skipProlog(x: string): number {
  let i = 0;
  for (;;) {
    while (i < x.length && SPACE.includes(x[i]!)) i++;
    if (i >= x.length) throw new Error('@aws-sdk XML parse error: no root element.');
    if (x.startsWith('<?', i)) i = indexAfter(x, '?>', i);
    else if (x.startsWith('<!--', i)) i = indexAfter(x, '-->', i);
    else if (x.slice(i, i + 9).toLowerCase() === '<!doctype') i = afterDoctype(x, i + 9);
    else if (x[i] === '<') return i;
    else throw new Error('@aws-sdk XML parse error: unexpected content.');
  }
}

function indexAfter(x: string, stop: string, from: number): number {
  const at = x.indexOf(stop, from);
  if (at === -1) throw new Error(`@aws-sdk XML parse error: expected "${stop}" not found.`);
  return at + stop.length;
}

function afterDoctype(x: string, from: number): number {
  let depth = 0;
  for (let i = from; i < x.length; i++) {
    if (x[i] === '[') depth++;
    else if (x[i] === ']') depth--;
    else if (x[i] === '>' && depth === 0) return i + 1;
  }
  throw new Error('@aws-sdk XML parse error: unclosed DOCTYPE.');
}

// JSON as the AWS CLI (Python's json.dumps) writes it: ", " and ": " separators, non-ASCII escaped
// (ensure_ascii), no newline; and its timestamp format. Used for the token and registration files so they are
// byte-for-byte what `aws sso login` writes, and for the registration file's name, which is a SHA-1 over
// json.dumps(…, sort_keys=True) (docs/sso-facts.md §1, §2).

export type CliJson = string | number | boolean | null | CliJson[] | { [key: string]: CliJson | undefined };

/** json.dumps(value) or, with `sortKeys`, json.dumps(value, sort_keys=True). Undefined members are left out. */
export function cliJson(value: CliJson, sortKeys = false): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return pyString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => cliJson(item, sortKeys)).join(', ')}]`;
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  // Python sorts str keys by code point; so does a plain JS sort of strings without surrogates.
  if (sortKeys) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((key) => `${pyString(key)}: ${cliJson(value[key]!, sortKeys)}`).join(', ')}}`;
}

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** Python's json string with ensure_ascii: everything outside space..~ is \uXXXX (lower-case hex). */
function pyString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const code = text.charCodeAt(index);
    if (SHORT[char]) out += SHORT[char];
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** `2026-12-07T10:00:00Z`: the CLI's `%Y-%m-%dT%H:%M:%SZ` (UTC, no fraction), which every reader accepts. */
export function cliTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Epoch ms of a timestamp as the readers parse it, or undefined when it is not one (a naive time included). */
export function parseTimestamp(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  // Without a zone botocore fails (naive minus aware) and JS reads local time: treat it as unusable.
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(text.trim())) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

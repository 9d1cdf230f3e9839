// Porthole's block in libpq's service file, edited as text so that every line outside it stays byte for
// byte what it was. Callers pass the file as a latin1 string (one char per byte, so any bytes survive the
// round trip, whatever the file's encoding). libpq skips lines starting with `#`, so the markers are comments.
import { PortholeError } from '../../errors.js';

export const BLOCK_START = '# >>> porthole: written by `porthole export pg-service`; changes inside this block are replaced';
export const BLOCK_END = '# <<< porthole';
const START_PREFIX = '# >>> porthole';
const END_PREFIX = '# <<< porthole';

interface Split {
  /** Everything before the block (or the whole file when there is none). */
  before: string;
  after: string;
  hasBlock: boolean;
  /** The file's line ending, which the block uses too. */
  eol: '\n' | '\r\n';
}

/** Lines with their terminators, so that joining them gives the text back exactly. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const content = (line: string): string => line.replace(/\r?\n$/, '');

function broken(message: string): PortholeError {
  return new PortholeError('PG_SERVICE_BLOCK_BROKEN', message, {
    hint: `Fix or remove the lines from "${START_PREFIX}" to "${END_PREFIX}" in the service file, then export again.`,
    status: 409,
  });
}

/** The file around Porthole's block; a block with a missing or doubled marker is refused, never guessed at. */
export function splitServiceFile(text: string): Split {
  const all = lines(text);
  const eol = /\r\n/.test(all[0] ?? '') ? '\r\n' : '\n';
  const starts = all.flatMap((line, index) => (content(line).startsWith(START_PREFIX) ? [index] : []));
  const ends = all.flatMap((line, index) => (content(line).startsWith(END_PREFIX) ? [index] : []));
  if (starts.length === 0 && ends.length === 0) return { before: text, after: '', hasBlock: false, eol };
  if (starts.length !== 1 || ends.length !== 1 || ends[0]! < starts[0]!) {
    throw broken("The service file's Porthole block is incomplete or appears twice, so Porthole does not change the file.");
  }
  return {
    before: all.slice(0, starts[0]).join(''),
    after: all.slice(ends[0]! + 1).join(''),
    hasBlock: true,
    eol,
  };
}

/** The `[name]` sections the user wrote themselves (outside Porthole's block). */
export function userServiceNames(split: Split): Set<string> {
  const names = new Set<string>();
  for (const line of lines(split.before + split.after)) {
    // libpq: a line that starts with `[` opens a group named up to the `]`.
    const match = /^\s*\[([^\]]*)\]/.exec(content(line));
    if (match) names.add(match[1]!);
  }
  return names;
}

/**
 * The file with Porthole's block holding `sections` (each a service entry ending in "\n"), in place of the
 * old block or appended; with no sections the block is removed. Nothing outside the block changes, except
 * that a last line without a line break gets one before an appended block.
 */
export function withPortholeBlock(split: Split, sections: readonly string[]): string {
  const { before, after, eol } = split;
  if (sections.length === 0) return before + after;
  const body = sections.map((section) => section.replace(/\r?\n/g, eol)).join(eol);
  const block = `${BLOCK_START}${eol}${body}${BLOCK_END}${eol}`;
  if (split.hasBlock) return before + block + after;
  if (before === '') return block;
  const terminated = before.endsWith('\n') ? before : before + eol;
  // A blank line between the user's last section and the block, unless there is one already.
  const gap = /(^|\n)\r?\n$/.test(terminated) ? '' : eol;
  return terminated + gap + block;
}

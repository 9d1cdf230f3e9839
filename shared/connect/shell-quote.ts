// POSIX shell quoting for the command lines Porthole hands out (bash, zsh, dash, sh).

/** Characters that never need quoting in any POSIX shell (nor zsh), when not first in a word. */
const SAFE = /^[A-Za-z0-9_.,:/@%+-][A-Za-z0-9_.,:/@%+=-]*$/;

/**
 * One shell word, quoted for reading as well as for the shell: bare when safe; in single quotes
 * (inside which nothing is special) when it has no `'`; in double quotes with `\`, `"`, `$` and
 * backquote escaped when it has a `'` but no `!` (history expansion cannot be escaped inside double
 * quotes); else in single quotes with each `'` written as `'\''`.
 */
export function shellQuote(word: string): string {
  if (SAFE.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  if (!word.includes('!')) return `"${word.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its argv. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

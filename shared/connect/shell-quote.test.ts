import { describe, expect, it } from 'vitest';
import { shellQuote } from './shell-quote.js';

describe('shellQuote', () => {
  it('leaves safe words bare', () => {
    expect(shellQuote('psql')).toBe('psql');
    expect(shellQuote('--port=5432')).toBe('--port=5432');
    expect(shellQuote('/a/b.pem')).toBe('/a/b.pem');
    expect(shellQuote('user@host:/x,y+z%')).toBe('user@host:/x,y+z%');
  });

  it('quotes words a shell would change', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('=x')).toBe("'=x'"); // zsh expands a leading =
    expect(shellQuote('~x')).toBe("'~x'");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
  });

  it('prefers double quotes for a single quote, escaping what is special there', () => {
    expect(shellQuote("O'Brien")).toBe(`"O'Brien"`);
    expect(shellQuote(`it's "$x" \\ \``)).toBe(`"it's \\"\\$x\\" \\\\ \\\`"`);
  });

  it("falls back to '\\'' when a ! would meet history expansion inside double quotes", () => {
    expect(shellQuote("hi! it's")).toBe(`'hi! it'\\''s'`);
  });
});

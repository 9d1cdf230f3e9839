// Generated command lines through real shells: every word must arrive intact.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellJoin } from '../../shared/connect/shell-quote.js';
import { mysqlArgv, mysqlCommand } from '../../shared/connect/mysql.js';

const TRICKY = [
  'plain',
  '',
  'with space',
  "O'Brien",
  'say "hi"',
  '$HOME and `id` and $(id)',
  'back\\slash',
  "it's $HOME",
  "bang! and 'quote'",
  'glob * ? [a]',
  '=leading-equals',
  '~tilde',
  'a|b;c&d',
  'new\nline',
  'tab\there',
  'unicode ✓ ü',
  'user@host:/path',
];

describe('shell quoting, for real', () => {
  for (const shell of ['/bin/sh', '/bin/bash']) {
    it(`round-trips every tricky word through ${shell}`, () => {
      const script = `printf '%s\\0' ${shellJoin(TRICKY)}`;
      const out = execFileSync(shell, ['-c', script], { encoding: 'utf8' });
      expect(out.split('\0').slice(0, -1)).toEqual(TRICKY);
    });
  }

  it('keeps mysql names intact through the shell, even ones that look like options', () => {
    const p = { localPort: 13306, user: "-o'b @x", database: 'my db;rm -rf', caBundlePath: '/Users/Me Me/ca "b".pem' };
    const line = mysqlCommand(p);
    const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${line.slice('mysql '.length)}`], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(mysqlArgv(p, { promptPassword: true }).slice(1));
    expect(mysqlArgv(p, { promptPassword: true })).toContain("--user=-o'b @x");
  });
});

import { describe, expect, it } from 'vitest';
import { isPortholeError } from '../../errors.js';
import { BLOCK_END, BLOCK_START, splitServiceFile, userServiceNames, withPortholeBlock } from './pg-service-block.js';

const ORDERS = '[orders]\nhost=orders.rds\nport=15432\n';
const USERS = '[users]\nhost=users.rds\nport=15433\n';

/** A user's file with everything a careless editor would break: comments, blanks, trailing spaces, odd bytes. */
const USER_FILE = Buffer.concat([
  Buffer.from('# my services\n[mine]\nhost=db.example.com   \nport=5432\n\n', 'utf8'),
  Buffer.from([0x23, 0x20, 0xe9, 0xff, 0xfe, 0x0a]), // "# " then bytes that are not UTF-8
  Buffer.from('  [indented]\ndbname=x\t\n;not a comment for libpq\n', 'utf8'),
]).toString('latin1');

const edit = (text: string, sections: string[]) => withPortholeBlock(splitServiceFile(text), sections);

describe("Porthole's block in pg_service.conf", () => {
  it('appends a block after the user file, keeping every byte of it', () => {
    const out = edit(USER_FILE, [ORDERS, USERS]);
    expect(out.startsWith(USER_FILE)).toBe(true);
    expect(out.slice(USER_FILE.length)).toBe(`\n${BLOCK_START}\n${ORDERS}\n${USERS}${BLOCK_END}\n`);
  });

  it('replaces the block in place on the next export, and the user lines after it stay where they are', () => {
    const first = edit(USER_FILE, [ORDERS]);
    const userAddedLater = '[later]\nhost=later.example.com\n';
    const withLater = first + userAddedLater;
    const second = edit(withLater, [USERS]);
    expect(second).toBe(`${USER_FILE}\n${BLOCK_START}\n${USERS}${BLOCK_END}\n${userAddedLater}`);
  });

  it('removes the block when there is nothing to write, leaving the user file as it was', () => {
    const written = edit(USER_FILE, [ORDERS]);
    expect(edit(written, [])).toBe(`${USER_FILE}\n`);
    expect(edit(USER_FILE, [])).toBe(USER_FILE);
  });

  it('adds a line break to a last line without one, and writes the block with the file line endings', () => {
    expect(edit('[mine]\r\nhost=a', [ORDERS])).toBe(
      `[mine]\r\nhost=a\r\n\r\n${BLOCK_START}\r\n${ORDERS.replace(/\n/g, '\r\n')}${BLOCK_END}\r\n`,
    );
    expect(edit('', [ORDERS])).toBe(`${BLOCK_START}\n${ORDERS}${BLOCK_END}\n`);
    expect(edit('[mine]\nhost=a\n\n', [ORDERS])).toBe(`[mine]\nhost=a\n\n${BLOCK_START}\n${ORDERS}${BLOCK_END}\n`);
  });

  it('knows the sections the user wrote, not the ones in its own block', () => {
    const names = userServiceNames(splitServiceFile(edit(USER_FILE, [ORDERS])));
    expect([...names].sort()).toEqual(['indented', 'mine']);
  });

  it('refuses a block with a missing or doubled marker instead of guessing where it ends', () => {
    const written = edit(USER_FILE, [ORDERS]);
    for (const broken of [
      written.replace(`${BLOCK_END}\n`, ''),
      written.replace(`${BLOCK_START}\n`, ''),
      written + written.slice(USER_FILE.length),
      `${BLOCK_END}\n${BLOCK_START}\n`,
    ]) {
      let error: unknown;
      try {
        splitServiceFile(broken);
      } catch (caught) {
        error = caught;
      }
      expect(isPortholeError(error) && error.code).toBe('PG_SERVICE_BLOCK_BROKEN');
    }
  });
});

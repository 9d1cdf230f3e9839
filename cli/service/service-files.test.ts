// The service files checked the way their managers read them: systemd-analyze verify and plutil -lint where
// they exist, and always a parse back to the daemon's argv, so quoting that a shell or XML would mangle shows.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { daemonArgs, launchdPlist, servicePath, systemdUnit, type ServiceSpec } from './service-files.js';

const run = promisify(execFile);
const which = async (command: string) => (await run('sh', ['-c', `command -v ${command} || true`])).stdout.trim();

// Paths with everything that needs quoting somewhere: blanks, quotes, backslashes, % and $, XML's & and <.
const spec: ServiceSpec = {
  node: process.execPath,
  bin: `/home/o'b "q"/a b\\c/100%/$HOME/<&>/bin/porthole.js`,
  configDir: '/home/me/Porthole config',
  port: 7433,
  path: '/opt/session manager/bin:/usr/bin:/bin',
  label: 'dev.porthole.daemon',
  logFile: '/Users/me/Library/Logs/Porthole/porthole.log',
};

/** INI sections as systemd reads them (comments and blank lines skipped; keys may repeat). */
function parseUnit(text: string): Record<string, Array<[string, string]>> {
  const sections: Record<string, Array<[string, string]>> = {};
  let current: Array<[string, string]> | undefined;
  for (const line of text.split('\n')) {
    if (/^\s*([#;]|$)/.test(line)) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) current = sections[section[1]!] = [];
    else {
      const eq = line.indexOf('=');
      expect(eq, line).toBeGreaterThan(0);
      current!.push([line.slice(0, eq), line.slice(eq + 1)]);
    }
  }
  return sections;
}

/** systemd's word splitting: double-quoted words with C escapes, then %% → % and (where expanded) $$ → $. */
function systemdWords(value: string, expandsVariables: boolean): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"\s*/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = re.exec(value))) {
    end = re.lastIndex;
    let word = match[1]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)).replace(/%%/g, '%');
    if (expandsVariables) word = word.replace(/\$\$/g, '$');
    words.push(word);
  }
  expect(end, `unparsed rest of ${value}`).toBe(value.length);
  return words;
}

describe('the systemd user unit', () => {
  const unit = systemdUnit(spec);

  it('runs `porthole start --no-open` with the config folder and port, every word intact', () => {
    const service = parseUnit(unit).Service!;
    const get = (key: string) => service.filter(([k]) => k === key).map(([, v]) => v);
    expect(get('ExecStart').map((v) => systemdWords(v, true))).toEqual([daemonArgs(spec)]);
    expect(daemonArgs(spec)).toEqual([process.execPath, spec.bin, 'start', '--no-open', '--config-dir', spec.configDir, '--port', '7433']);
    expect(get('Environment').map((v) => systemdWords(v, false))).toEqual([[`PATH=${spec.path}`]]);
    expect(get('KillMode')).toEqual(['mixed']);
    expect(get('Restart')).toEqual(['on-failure']);
    expect(parseUnit(unit).Install).toEqual([['WantedBy', 'default.target']]);
  });

  it.runIf(process.platform === 'linux')('passes systemd-analyze verify without a warning (where systemd-analyze exists)', async () => {
    const analyze = await which('systemd-analyze');
    if (!analyze) {
      // Said, not skipped silently: the parse above is then the only check.
      console.warn('systemd-analyze is not installed: the unit was parsed, not verified by systemd');
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'porthole-unit-'));
    const file = join(dir, 'porthole.service');
    await writeFile(file, unit);
    // System mode: the same parser as --user, without needing a user manager in a container.
    const { stdout, stderr } = await run(analyze, ['verify', file]);
    expect(`${stdout}${stderr}`).toBe('');
    // The check can fail: a key systemd does not know is reported.
    await writeFile(file, unit.replace('KillMode=mixed', 'KillMode=mixed\nKilMode=mixed'));
    const broken = await run(analyze, ['verify', file]);
    expect(broken.stderr).toMatch(/Unknown key 'KilMode'/);
  });
});

type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };
type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

/** A plist's XML as the value it describes (dict, array, string, integer, true/false). */
function plistValue(node: Node): PlistValue {
  const tag = Object.keys(node).find((k) => k !== ':@')!;
  const all = node[tag] as Node[];
  // Indentation between elements is text too; only a <string>'s own text counts.
  const children = tag === 'string' ? all : all.filter((c) => !('#text' in c && String(c['#text']).trim() === ''));
  const text = () => children.map((c) => String(c['#text'] ?? '')).join('');
  switch (tag) {
    case 'string':
      return text();
    case 'integer':
      return Number(text());
    case 'true':
      return true;
    case 'false':
      return false;
    case 'array':
      return children.map(plistValue);
    case 'dict': {
      const out: Record<string, PlistValue> = {};
      for (let i = 0; i < children.length; i += 2) {
        expect(Object.keys(children[i]!)).toContain('key');
        out[String((children[i]!.key as Node[])[0]!['#text'])] = plistValue(children[i + 1]!);
      }
      return out;
    }
    default:
      throw new Error(`unexpected plist element <${tag}>`);
  }
}

function parsePlist(xml: string): PlistValue {
  const doc = new XMLParser({ preserveOrder: true, ignoreAttributes: false, trimValues: false, processEntities: true }).parse(
    xml,
  ) as Node[];
  const plist = doc.find((n) => 'plist' in n)!;
  expect(plist[':@']).toEqual({ '@_version': '1.0' });
  const root = (plist.plist as Node[]).filter((n) => !('#text' in n));
  expect(root).toHaveLength(1);
  return plistValue(root[0]!);
}

describe('the launchd agent', () => {
  const plist = launchdPlist(spec);

  it('parses back to the job: label, the daemon argv intact, PATH, logs, restarted only after a crash', () => {
    expect(parsePlist(plist)).toEqual({
      Label: 'dev.porthole.daemon',
      ProgramArguments: daemonArgs(spec),
      EnvironmentVariables: { PATH: spec.path },
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ProcessType: 'Interactive',
      ExitTimeOut: 30,
      StandardOutPath: spec.logFile,
      StandardErrorPath: spec.logFile,
    });
  });

  it.runIf(process.platform === 'darwin')('passes plutil -lint (on macOS)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porthole-plist-'));
    const file = join(dir, 'dev.porthole.daemon.plist');
    await writeFile(file, plist);
    const { stdout } = await run('plutil', ['-lint', file]);
    expect(stdout).toMatch(/: OK$/m);
  });
});

describe('the PATH a service gets', () => {
  it('keeps absolute entries once each, in order, and has a fallback', () => {
    expect(servicePath('/a:.:bin::/b:/a')).toBe('/a:/b');
    expect(servicePath(undefined)).toBe('/usr/local/bin:/usr/bin:/bin');
  });
});

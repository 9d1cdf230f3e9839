// The completion scripts run in the real shells: bash's complete function with COMP_WORDS, zsh's with a
// stand-in compadd, fish's `complete -C`. Names come from a stand-in `porthole __names`.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../main.js';
import { bashScript, fishScript, zshScript } from './completion.js';

const run = promisify(execFile);
const program = buildProgram(
  { binPath: '/x/bin/porthole.js', version: '0.0.0', startDaemon: async () => 0 },
  { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: '/' },
  () => undefined,
);
const NAMES = ['orders-dev', 'Orders (prod)', 'users'];

async function shell(command: string): Promise<string | undefined> {
  return (await run('sh', ['-c', `command -v ${command} || true`])).stdout.trim() || undefined;
}

async function scriptFile(name: string, text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'porthole-completion-')), name);
  await writeFile(file, text);
  return file;
}

describe('bash completion', async () => {
  const bash = await shell('bash');
  it.skipIf(!bash)(`completes commands, options, subcommands and names${bash ? '' : ' (skipped: bash is not installed)'}`, async () => {
    const file = await scriptFile('porthole.bash', bashScript(program));
    const complete = async (...words: string[]) => {
      const script = `porthole() { [[ $1 == __names ]] && printf '%s\\n' ${NAMES.map((n) => `'${n}'`).join(' ')}; }
source '${file}'
COMP_WORDS=(porthole ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}; _porthole
printf '%s\\n' "\${COMPREPLY[@]}"`;
      return (await run(bash!, ['--norc', '-c', script])).stdout.split('\n').filter(Boolean);
    };
    expect(await complete('u')).toEqual(['up', 'url']);
    expect(await complete('--config-dir', '/tmp/x', 'st')).toEqual(['start', 'status']);
    expect(await complete('up', 'O')).toEqual(['Orders (prod)']);
    expect(await complete('psql', '')).toEqual(NAMES);
    expect(await complete('up', '--p')).toEqual(['--port']);
    expect(await complete('service', 'i')).toEqual(['install']);
    expect(await complete('export', '')).toEqual(['dbeaver', 'pgadmin', 'pg-service', 'where']);
    expect(await complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await complete('--config-dir', '')).toEqual([]);
  });
});

describe('zsh completion', async () => {
  const zsh = await shell('zsh');
  it.skipIf(!zsh)(`completes commands, subcommands and names${zsh ? '' : ' (skipped: zsh is not installed)'}`, async () => {
    const file = await scriptFile('_porthole', zshScript(program));
    await run(zsh!, ['-n', file]);
    const complete = async (...words: string[]) => {
      // Outside a completion widget words, CURRENT and PREFIX are plain variables: set them, and print what compadd gets.
      const script = `compdef() { : }
compadd() { if [[ $1 == -a ]]; then print -l -- "\${(@P)2}"; else shift; print -l -- "$@"; fi }
porthole() { [[ $1 == __names ]] && print -l -- ${NAMES.map((n) => `'${n}'`).join(' ')} }
source '${file}'
words=(porthole ${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length + 1}; PREFIX='${words[words.length - 1]}'
_porthole`;
      return (await run(zsh!, ['-f', '-c', script])).stdout.split('\n').filter(Boolean);
    };
    expect(await complete('')).toContain('diagnose');
    expect(await complete('up', '')).toEqual(NAMES);
    expect(await complete('service', '')).toEqual(['install', 'uninstall', 'status']);
    expect(await complete('up', '--')).toContain('--timeout');
  });
});

describe('fish completion', async () => {
  const fish = await shell('fish');
  it.skipIf(!fish)(`completes commands, subcommands and names${fish ? '' : ' (skipped: fish is not installed)'}`, async () => {
    const file = await scriptFile('porthole.fish', fishScript(program));
    await run(fish!, ['--no-execute', file]);
    const complete = async (line: string) => {
      const script = `function porthole; if test "$argv[1]" = __names; printf '%s\\n' ${NAMES.map((n) => `'${n}'`).join(' ')}; end; end
source '${file}'
complete -C '${line}'`;
      return (await run(fish!, ['--no-config', '-c', script])).stdout
        .split('\n')
        .filter(Boolean)
        .map((entry) => entry.split('\t')[0]);
    };
    expect(await complete('porthole dia')).toEqual(['diagnose']);
    expect(await complete('porthole up O')).toEqual(['Orders (prod)']);
    expect(await complete('porthole service ')).toEqual(['install', 'status', 'uninstall']);
    expect(await complete('porthole up --ti')).toEqual(['--timeout']);
  });
});

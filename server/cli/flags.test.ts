import { describe, expect, it } from 'vitest';
import { FlagError, isLoopback, parseFlags } from './flags.js';

describe('parseFlags', () => {
  it('defaults to 127.0.0.1:7433, the XDG config folder, opening the browser', () => {
    const flags = parseFlags([], { XDG_CONFIG_HOME: '/home/u/.config' });
    expect(flags).toMatchObject({ command: 'start', host: '127.0.0.1', port: 7433, open: true, logLevel: 'info', unsafeListenAny: false });
    if (process.platform === 'linux') expect(flags.configDir).toBe('/home/u/.config/porthole');
  });

  it('reads every flag, and flags win over environment variables', () => {
    const env = { PORTHOLE_PORT: '9000', PORTHOLE_CONFIG_DIR: '/env/dir', PORTHOLE_PLUGIN: '/env/plugin', PORTHOLE_LOG_LEVEL: 'warn' };
    expect(parseFlags([], env)).toMatchObject({ port: 9000, configDir: '/env/dir', plugin: '/env/plugin', logLevel: 'warn' });
    expect(parseFlags(['--port', '0', '--config-dir', '/x', '--plugin', '/p', '--no-open', '--log-level', 'debug'], env)).toMatchObject({
      port: 0,
      configDir: '/x',
      plugin: '/p',
      open: false,
      logLevel: 'debug',
    });
    expect(parseFlags([], { PORTHOLE_NO_OPEN: '1' }).open).toBe(false);
    expect(parseFlags(['--label', 'demo'], {}).label).toBe('demo');
    expect(parseFlags([], { PORTHOLE_LABEL: 'work' }).label).toBe('work');
  });

  it('knows the open and help commands', () => {
    expect(parseFlags(['open'], {}).command).toBe('open');
    expect(parseFlags(['--help'], {}).command).toBe('help');
  });

  it.each([['--port', 'abc'], ['--port', '70000'], ['--log-level', 'loud'], ['--bogus'], ['frobnicate']])('rejects %j', (...argv) => {
    expect(() => parseFlags(argv, {})).toThrow(FlagError);
  });

  it('tells loopback addresses apart', () => {
    expect(['127.0.0.1', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::'].some(isLoopback)).toBe(false);
  });
});

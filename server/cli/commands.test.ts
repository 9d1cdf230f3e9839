import { describe, expect, it } from 'vitest';
import { openCommand, startCommand, type CommandContext } from './commands.js';

const defaults: CommandContext = {
  port: 7433,
  configDir: '/home/ann/.config/porthole',
  defaultConfigDir: '/home/ann/.config/porthole',
  root: '/home/ann/src/porthole',
};

describe('openCommand and startCommand', () => {
  it('are the plain npm scripts for a daemon on the default port and folder', () => {
    expect(openCommand(defaults, { reveal: true })).toBe('npm run open');
    expect(startCommand(defaults)).toBe('npm start');
  });

  it('name the port and folder of a daemon started otherwise', () => {
    const other = { ...defaults, port: 43123, configDir: '/tmp/porthole x/config' };
    expect(openCommand(other, { reveal: true })).toBe(`npm run open -- --port 43123 --config-dir '/tmp/porthole x/config'`);
    expect(startCommand(other)).toBe(`npm start -- --port 43123 --config-dir '/tmp/porthole x/config'`);
  });

  it('never show an absolute path on a public page, but a folder inside the Porthole folder by its relative name', () => {
    const outside = { ...defaults, configDir: '/tmp/elsewhere' };
    expect(openCommand(outside, { reveal: false })).toBe('npm run open -- --config-dir <its config folder>');
    const demo = { ...defaults, port: 40001, configDir: '/home/ann/src/porthole/.tmp/demo-Ab12/config' };
    expect(openCommand(demo, { reveal: false })).toBe('npm run open -- --port 40001 --config-dir .tmp/demo-Ab12/config');
  });
});

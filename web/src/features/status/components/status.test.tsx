// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DaemonStatus } from '../../../../../shared/api';
import { renderWith } from '../../../test/render';
import { LinkBanner } from './link-banner';
import { PluginPill } from './plugin-status';

const status: DaemonStatus = {
  version: '0.1.0',
  pid: 1,
  startedAt: '2026-11-22T10:00:00.000Z',
  configDir: '/x',
  configPath: '/x/config.json',
  plugin: { found: true, version: '1.2.677.0' },
  notices: [],
  startCommand: 'npm run demo',
};

describe('the dashboard when Porthole is not answering', () => {
  it('the plugin pill says unknown rather than the last good answer', () => {
    renderWith(<PluginPill plugin={status.plugin} />, { link: 'reconnecting' });
    expect(screen.getByTestId('plugin-status').textContent).toContain('unknown');
    expect(screen.getByTestId('plugin-status').textContent).not.toContain('1.2.677.0');
  });

  it('the banner says what is unknown and gives the command this daemon reported, copyable', () => {
    renderWith(<LinkBanner status={status} />, { link: 'reconnecting' });
    const banner = screen.getByTestId('link-banner');
    expect(banner.textContent).toContain('Porthole is not answering');
    expect(screen.getByText('npm run demo').tagName).toBe('CODE');
    expect(screen.getByRole('button', { name: 'Copy start command' })).toBeTruthy();
    expect(banner.textContent).not.toContain('`');
  });
});

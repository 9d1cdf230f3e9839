// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionInfo } from '../../../../../shared/api';
import { renderWith } from '../../../test/render';
import { ConnectionDefaults } from './connection-defaults';

const info: ConnectionInfo = {
  tunnelId: 't-1',
  engine: 'mariadb',
  user: 'root',
  database: 'billing',
  caBundlePath: '/cfg/rds-ca-bundle.pem',
  iamAuth: false,
  hasSecret: false,
  strings: [],
};

describe('ConnectionDefaults', () => {
  it('saves the user and database the user types, and says so beside the button', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async () => undefined);
    renderWith(<ConnectionDefaults info={info} onSave={onSave} />);
    const save = screen.getByRole<HTMLButtonElement>('button', { name: 'Use in the strings' });
    expect(save.disabled).toBe(true);
    await user.clear(screen.getByLabelText('Database user'));
    await user.type(screen.getByLabelText('Database user'), 'reporting');
    await user.clear(screen.getByLabelText('Database'));
    await user.type(screen.getByLabelText('Database'), 'mysql');
    await user.click(save);
    expect(onSave).toHaveBeenCalledWith({ user: 'reporting', database: 'mysql' });
    expect((await screen.findByText(/Saved for this tunnel/)).textContent).toContain('the strings below use them');
  });

  it('an emptied field goes back to the default; a refused save stays on the form', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async () => Promise.reject({ code: 'VALIDATION_FAILED', message: 'user: must be printable text' }));
    renderWith(<ConnectionDefaults info={info} onSave={onSave} />);
    await user.clear(screen.getByLabelText('Database user'));
    await user.click(screen.getByRole('button', { name: 'Use in the strings' }));
    expect(onSave).toHaveBeenCalledWith({ user: '', database: 'billing' });
    expect((await screen.findByRole('alert')).textContent).toContain('must be printable text');
  });
});

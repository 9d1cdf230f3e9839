// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DirectConnectionInfo } from '../../../../../shared/paths';
import { stubApi } from '../../../test/fetch-stub';
import { DIRECT_HOST, DIRECT_TARGET, directPath } from '../../../test/direct-path';
import { renderWith } from '../../../test/render';
import { DirectConnectDrawer } from './direct-connect-drawer';

const TARGET = DIRECT_TARGET;
const HOST = DIRECT_HOST;
const info = (user: string, database: string): DirectConnectionInfo => ({
  targetId: TARGET,
  engine: 'postgres',
  host: HOST,
  port: 5432,
  user,
  database,
  caBundlePath: '/home/me/.config/porthole/rds-ca.pem',
  iamAuth: false,
  path: directPath(),
  strings: [
    {
      id: 'psql',
      label: 'psql',
      value: `psql "host=${HOST} port=5432 user=${user} dbname=${database} sslmode=verify-full sslrootcert=/home/me/.config/porthole/rds-ca.pem"`,
    },
  ],
});

describe('DirectConnectDrawer', () => {
  it('gives strings with the real host name, and changes them for another user and database', async () => {
    const user = userEvent.setup();
    const path = `/api/targets/${encodeURIComponent(TARGET)}/direct-connection`;
    const calls = stubApi({
      [`GET ${path}`]: { body: info('postgres', 'postgres') },
      [`GET ${path}?user=app&database=orders`]: { body: info('app', 'orders') },
    });
    renderWith(
      <DirectConnectDrawer request={{ targetId: TARGET, name: 'orders' }} fallbackFocusId="targets-title" onClose={() => undefined} />,
    );
    expect(await screen.findByRole('heading', { name: 'Connect directly to orders' })).toBeTruthy();
    const psql = await screen.findByTestId('conn-psql');
    expect(psql.textContent).toContain(`host=${HOST} port=5432 user=postgres dbname=postgres sslmode=verify-full`);
    expect(screen.getByTestId('direct-facts').textContent).toContain(`answers at 10.0.8.12 through tun0; TLS verified for ${HOST}`);
    expect(within(psql).getByRole('button', { name: 'Copy psql' })).toBeTruthy();

    const userField = screen.getByLabelText('Database user');
    await user.clear(userField);
    await user.type(userField, 'app');
    await user.clear(screen.getByLabelText('Database'));
    await user.type(screen.getByLabelText('Database'), 'orders');
    await user.click(screen.getByRole('button', { name: 'Use in the strings' }));
    await waitFor(() => expect(screen.getByTestId('conn-psql').textContent).toContain('user=app dbname=orders'));
    expect(screen.getByTestId('connection-defaults').textContent).toContain('The strings below use them');
    expect(calls.map((c) => c.url)).toEqual([path, `${path}?user=app&database=orders`]);
  });

  it('says why there are no strings (the direct path does not work)', async () => {
    stubApi({
      [`GET /api/targets/${encodeURIComponent(TARGET)}/direct-connection`]: {
        status: 409,
        body: { error: { code: 'NO_DIRECT_PATH', message: 'This computer does not reach orders directly.' } },
      },
    });
    renderWith(
      <DirectConnectDrawer request={{ targetId: TARGET, name: 'orders' }} fallbackFocusId="targets-title" onClose={() => undefined} />,
    );
    expect((await screen.findByRole('alert')).textContent).toContain(
      'No connection strings: This computer does not reach orders directly.',
    );
  });
});

// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ExportLocations, ExportResult } from '../../../../../shared/api';
import { stubApi } from '../../../test/fetch-stub';
import { renderWith } from '../../../test/render';
import { ExportsSection } from './exports-section';

const locations: ExportLocations = {
  dbeaver: { candidates: ['/home/a/.local/share/DBeaverData/workspace6'] },
  pgadmin: { folder: '/cfg', file: '/cfg/pgadmin-servers.json' },
  pgService: { path: '/home/a/.pg_service.conf', exists: true },
};

describe('ExportsSection', () => {
  it('says where pg_service.conf is before, and what was written, skipped and next after', async () => {
    const user = userEvent.setup();
    const result: ExportResult = {
      client: 'pg-service',
      path: '/home/a/.pg_service.conf',
      written: [{ tunnelId: 't-1', tunnel: 'orders-dev', entry: 'orders-dev' }],
      skipped: [{ tunnelId: 't-2', tunnel: 'billing-dev', reason: 'not PostgreSQL: pgAdmin and libpq services are for PostgreSQL only' }],
      next: 'Connect with: psql service=orders-dev',
    };
    const calls = stubApi({ 'GET /api/exports': { body: locations }, 'POST /api/exports/pg-service': { body: result } });
    renderWith(<ExportsSection headingId="x" />);
    const item = await screen.findByTestId('export-pg-service');
    expect(item.textContent).toContain("Adds Porthole's block to /home/a/.pg_service.conf; every other line stays as it is.");
    await user.click(within(item).getByRole('button', { name: 'Add to pg_service.conf' }));
    const written = await within(item).findByText('Wrote 1 entry to /home/a/.pg_service.conf.');
    const status = written.closest('[role="status"]')!;
    expect(status.textContent).toContain('orders-dev as orders-dev');
    expect(status.textContent).toContain('Skipped billing-dev: not PostgreSQL');
    expect(status.textContent).toContain('Next: Connect with: psql service=orders-dev');
    expect(within(status as HTMLElement).getByRole('button', { name: 'Copy command' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({});
  });

  it('DBeaver not found: asks for the workspace folder, and a folder the daemon refuses is marked on the field', async () => {
    const user = userEvent.setup();
    const calls = stubApi({
      'GET /api/exports': { body: locations },
      'POST /api/exports/dbeaver': {
        status: 400,
        body: { error: { code: 'EXPORT_FOLDER_INVALID', message: 'relative/dir is not an absolute path.', field: 'workspace' } },
      },
    });
    renderWith(<ExportsSection headingId="x" clients={['dbeaver']} />);
    const item = await screen.findByTestId('export-dbeaver');
    expect(item.textContent).toContain("DBeaver's workspace is not in its usual place");
    const add = within(item).getByRole<HTMLButtonElement>('button', { name: 'Add to DBeaver' });
    expect(add.disabled).toBe(true);
    const field = within(item).getByLabelText('Workspace folder');
    await user.type(field, 'relative/dir');
    await user.click(add);
    expect(await within(item).findByText('relative/dir is not an absolute path.')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ workspace: 'relative/dir' });
    expect(screen.queryByTestId('export-pgadmin')).toBeNull();
  });

  it('a refused service file (its block was damaged) stays under the button until dismissed', async () => {
    const user = userEvent.setup();
    stubApi({
      'GET /api/exports': { body: locations },
      'POST /api/exports/pg-service': {
        status: 409,
        body: {
          error: { code: 'PG_SERVICE_BLOCK_BROKEN', message: 'The Porthole block has a start but no end.', hint: 'Remove it by hand.' },
        },
      },
    });
    renderWith(<ExportsSection headingId="x" clients={['pg-service']} />);
    await user.click(await screen.findByRole('button', { name: 'Add to pg_service.conf' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not added to pg_service.conf: The Porthole block has a start but no end.');
    await user.click(within(alert).getByRole('button', { name: 'Dismiss this error' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

import { useCallback, useMemo, useState } from 'react';
import type { InventorySlice } from '../../../shared/api';
import { ConnectPanel } from '../features/connect/components/connect-panel';
import { TargetsSection } from '../features/inventory/components/targets-section';
import { useProfiles } from '../features/profiles/api/get-profiles';
import { ProfilesPanel } from '../features/profiles/components/profiles-panel';
import { regionsOf } from '../features/profiles/lib/regions';
import { useStatus } from '../features/status/api/get-status';
import { AppHeader } from '../features/status/components/app-header';
import { Notices } from '../features/status/components/notices';
import { PluginWarning } from '../features/status/components/plugin-status';
import { ErrorNote } from '../components/error-note';
import { useTunnels } from '../features/tunnels/api/get-tunnels';
import type { DrawerSection } from '../features/tunnels/components/tunnel-card';
import { CustomTargetForm } from '../features/tunnels/components/custom-target-form';
import { TunnelDrawer } from '../features/tunnels/components/tunnel-drawer';
import { TunnelsSection } from '../features/tunnels/components/tunnels-section';
import { useLiveSync } from './use-live-sync';
import { useTunnelCommands } from './use-tunnel-commands';

const renderConnect = (id: string) => <ConnectPanel tunnelId={id} />;

/** The one page: header, profiles on the left, tunnels above databases in the main column, a drawer on the right. */
export function Dashboard() {
  const stream = useLiveSync(true);
  const status = useStatus();
  const profiles = useProfiles();
  const tunnels = useTunnels();
  const cmd = useTunnelCommands();
  const [drawer, setDrawer] = useState<{ id: string; section: DrawerSection }>();

  const refs = useMemo(
    () => (profiles.data ?? []).flatMap((p) => regionsOf(p).map((region) => ({ profile: p.name, region }))),
    [profiles.data],
  );
  // Only the target → tunnel pairing matters to the table, not every counter update.
  const pairing = (tunnels.data ?? []).map((t) => `${t.target.id ?? ''}\u0000${t.id}`).join('\u0001');
  const byTarget = useMemo(
    () => new Map(pairing ? pairing.split('\u0001').map((p) => p.split('\u0000') as [string, string]) : []),
    [pairing],
  );
  const tunnelFor = useCallback((targetId: string) => byTarget.get(targetId), [byTarget]);
  const connecting = useCallback((targetId: string) => cmd.isConnecting.has(targetId), [cmd.isConnecting]);
  const open = useCallback((id: string, section: DrawerSection) => setDrawer({ id, section }), []);
  const showTunnel = useCallback((id: string) => setDrawer({ id, section: 'details' }), []);
  const footer = useCallback(
    (slices: InventorySlice[]) =>
      refs.length ? (
        <CustomTargetForm slices={refs} hosts={slices.flatMap((s) => s.hosts)} busy={cmd.customBusy} onCreate={cmd.createCustom} />
      ) : null,
    [refs, cmd.customBusy, cmd.createCustom],
  );
  const drawerTunnel = drawer ? tunnels.data?.find((t) => t.id === drawer.id) : undefined;

  return (
    <div className="app">
      <AppHeader status={status.data} stream={stream} />
      <div className="banners">
        {status.error ? <ErrorNote error={status.error} title="Could not read Porthole's status" /> : null}
        {status.data ? <PluginWarning plugin={status.data.plugin} /> : null}
        {status.data ? <Notices status={status.data} /> : null}
      </div>
      <div className="layout">
        <aside className="sidebar">
          <ProfilesPanel />
        </aside>
        <main className="main">
          <TunnelsSection
            tunnels={tunnels.data}
            error={tunnels.error}
            busyIds={cmd.busyIds}
            allBusy={cmd.allBusy}
            onAction={cmd.run}
            onRemove={cmd.removeOne}
            onOpen={open}
            onAll={cmd.runAll}
          />
          <TargetsSection
            refs={refs}
            tunnelFor={tunnelFor}
            connecting={connecting}
            onConnect={cmd.connect}
            onShowTunnel={showTunnel}
            footer={footer}
          />
        </main>
      </div>
      <TunnelDrawer
        tunnel={drawerTunnel}
        section={drawer?.section ?? 'details'}
        checking={drawer ? cmd.busyIds.has(drawer.id) : false}
        onCheck={(id) => cmd.run(id, 'check')}
        onClose={() => setDrawer(undefined)}
        connect={renderConnect}
      />
    </div>
  );
}

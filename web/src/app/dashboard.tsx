import { useCallback, useMemo, useState } from 'react';
import type { InventorySlice, Target, Tunnel } from '../../../shared/api';
import { ErrorNote } from '../components/error-note';
import { ConnectPanel } from '../features/connect/components/connect-panel';
import type { DiagnosisRequest } from '../features/diagnosis/api/get-diagnosis';
import { clientsFor } from '../features/exports/lib/export-words';
import { SliceStatus } from '../features/inventory/components/slice-status';
import { useFirstLookRefs, type SliceRef } from '../features/inventory/api/get-inventory';
import { TargetsSection } from '../features/inventory/components/targets-section';
import type { RowTunnel } from '../features/inventory/components/target-row';
import { useProfiles } from '../features/profiles/api/get-profiles';
import { ProfilesPanel } from '../features/profiles/components/profiles-panel';
import { regionsOf } from '../features/profiles/lib/regions';
import { SettingsDrawer } from '../features/settings/components/settings-drawer';
import { useStatus } from '../features/status/api/get-status';
import { AppHeader } from '../features/status/components/app-header';
import { LinkBanner } from '../features/status/components/link-banner';
import { Notices } from '../features/status/components/notices';
import { PluginWarning } from '../features/status/components/plugin-status';
import { useTunnels } from '../features/tunnels/api/get-tunnels';
import { CustomTargetForm } from '../features/tunnels/components/custom-target-form';
import type { DrawerSection } from '../features/tunnels/components/tunnel-card';
import { TunnelDrawer } from '../features/tunnels/components/tunnel-drawer';
import { TunnelsSection } from '../features/tunnels/components/tunnels-section';
import { LinkContext } from '../lib/link';
import { useNow } from '../lib/use-now';
import { useInventoryFacts } from './inventory-facts';
import { useLiveSync } from './use-live-sync';
import { DiagnosisDrawerOnDemand, ExportsOnDemand, IamPolicyDrawerOnDemand } from './on-demand';
import { useSignInCommands } from './use-sign-in-commands';
import { useTunnelCommands } from './use-tunnel-commands';
import { usePathsDrawers } from './use-paths-drawers';
import { OtherWaysPanel } from '../features/paths/components/other-ways-panel';

/** Only what the table needs of the tunnels: which target has one, its state and port (not every byte count). */
function rowTunnels(list: Tunnel[] | undefined): string {
  return (list ?? []).map((t) => [t.target.id ?? '', t.id, t.state, t.localPort, t.jumpHostId].join('\u0000')).join('\u0001');
}

function RegionLine({ profile, region }: { profile: string; region: string }) {
  const now = useNow(30_000);
  return <SliceStatus profile={profile} region={region} now={now} />;
}
const regionStatus = (profile: string, region: string) => <RegionLine profile={profile} region={region} />;

/**
 * The one page: header; banners (the daemon gone, the plugin missing, notices); tunnels above databases in the
 * main column with the profiles beside them (below them on a phone); a drawer for one tunnel.
 */
export function Dashboard() {
  const stream = useLiveSync(true);
  const status = useStatus();
  const profiles = useProfiles();
  const tunnels = useTunnels();
  const cmd = useTunnelCommands(tunnels.data);
  const [drawer, setDrawer] = useState<{ id: string; section: DrawerSection }>();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [diagnosis, setDiagnosis] = useState<{ request: DiagnosisRequest; back: string }>();
  const [policyOpen, setPolicyOpen] = useState(false);
  const signIn = useSignInCommands(profiles.data);
  const offline = stream === 'reconnecting';

  // Until the profiles answer, the first look's slices (the same picked ones) let the table show at once.
  const firstLook = useFirstLookRefs();
  const refList = useMemo(
    () => (profiles.data ? profiles.data.flatMap((p) => regionsOf(p).map((region) => ({ profile: p.name, region }))) : (firstLook ?? [])),
    [profiles.data, firstLook],
  );
  const refs = useSameRefs(refList);
  const facts = useInventoryFacts(refs);
  const pairing = rowTunnels(tunnels.data);
  const byTarget = useMemo(() => {
    const map = new Map<string, RowTunnel>();
    for (const entry of pairing ? pairing.split('\u0001') : []) {
      const [target, id, state, port, host] = entry.split('\u0000') as [string, string, string, string, string];
      if (target) map.set(target, { id, state, localPort: Number(port), jumpHostId: host });
    }
    return map;
  }, [pairing]);
  const tunnelFor = useCallback((targetId: string) => byTarget.get(targetId), [byTarget]);
  const connecting = useCallback((targetId: string) => cmd.isConnecting.has(targetId), [cmd.isConnecting]);
  const connectError = useCallback((targetId: string) => cmd.connectErrors.get(targetId), [cmd.connectErrors]);
  const open = useCallback((id: string, section: DrawerSection) => setDrawer({ id, section }), []);
  const showTunnel = useCallback((id: string) => setDrawer({ id, section: 'details' }), []);
  const footer = useCallback(
    (slices: InventorySlice[]) =>
      refs.length ? (
        <CustomTargetForm
          slices={refs}
          hosts={slices.flatMap((s) => s.hosts)}
          busy={cmd.custom.busy}
          error={cmd.custom.error}
          onCreate={cmd.createCustom}
        />
      ) : null,
    [refs, cmd.custom, cmd.createCustom],
  );
  const drawerTunnel = drawer ? tunnels.data?.find((t) => t.id === drawer.id) : undefined;
  const update = cmd.update;
  const renderConnect = useCallback(
    (t: Tunnel) => (
      <ConnectPanel
        tunnel={t}
        onSave={(patch) => update(t.id, patch)}
        clients={<ExportsOnDemand clients={clientsFor(t.target.engine, t.target.port)} headingId="drawer-exports-title" />}
      />
    ),
    [update],
  );
  const diagnoseTarget = useCallback(
    (t: Target, jumpHostId?: string) =>
      setDiagnosis({ request: { targetId: t.id, name: t.name, ...(jumpHostId ? { jumpHostId } : {}) }, back: 'targets-title' }),
    [],
  );
  const ways = usePathsDrawers({ refs, hasTunnel: (id) => byTarget.has(id), openTunnel: cmd.connect, diagnose: diagnoseTarget });
  const diagnoseTunnel = useCallback((t: Tunnel) => {
    const targetId = t.diagnosis?.targetId ?? t.target.id;
    if (targetId)
      setDiagnosis({ request: { targetId, jumpHostId: t.diagnosis?.jumpHostId ?? t.jumpHostId, name: t.name }, back: 'tunnels-title' });
  }, []);

  return (
    <LinkContext.Provider value={stream}>
      <div className="app">
        <AppHeader status={status.data} stream={stream} onSettings={() => setSettingsOpen(true)} />
        <div className="banners">
          {offline ? <LinkBanner status={status.data} /> : null}
          {status.error && !offline ? <ErrorNote error={status.error} title="Could not read Porthole's status" /> : null}
          {status.data ? <PluginWarning plugin={status.data.plugin} /> : null}
          {status.data ? <Notices status={status.data} /> : null}
        </div>
        <div className="layout">
          <main className="main">
            <TunnelsSection
              tunnels={tunnels.data}
              error={tunnels.error}
              hostName={facts.hostName}
              busyIds={cmd.busyIds}
              failures={cmd.failures}
              removed={cmd.removed}
              focusId={cmd.focus.tunnel}
              focusRemovedId={cmd.focus.removed}
              allBusy={cmd.allBusy}
              allError={cmd.allError}
              onAction={cmd.run}
              onRemove={cmd.removeOne}
              onUndo={(id) => void cmd.undo(id)}
              onDismissRemoved={cmd.dismissRemoved}
              onDismissFailure={cmd.dismissFailure}
              onOpen={open}
              onAll={cmd.runAll}
              canSignIn={signIn.canSignIn}
              signingIn={signIn.signingIn}
              onSignIn={signIn.fromTunnel}
              onDiagnose={diagnoseTunnel}
              onIamPolicy={() => setPolicyOpen(true)}
            />
            <TargetsSection
              refs={refs}
              tunnelFor={tunnelFor}
              connecting={connecting}
              connectError={connectError}
              onConnect={cmd.connect}
              onUseHost={cmd.chooseHost}
              onDismissConnectError={cmd.dismissConnectError}
              onShowTunnel={showTunnel}
              onDiagnose={diagnoseTarget}
              directFor={ways.directFor}
              onPaths={ways.openPaths}
              onConnectDirectly={ways.connectDirectly}
              footer={footer}
            />
          </main>
          <aside className="sidebar" aria-label="AWS profiles and regions">
            <ProfilesPanel evidence={facts.evidenceFor} regionStatus={regionStatus} />
            <OtherWaysPanel onVpnEndpoints={ways.openVpn} onCertKit={ways.openKit} />
          </aside>
        </div>
        <TunnelDrawer
          tunnel={drawerTunnel}
          section={drawer?.section ?? 'details'}
          hostName={drawerTunnel ? facts.hostName(drawerTunnel) : undefined}
          hostChoices={drawerTunnel ? facts.hostChoices(drawerTunnel) : []}
          checking={drawer ? cmd.busyIds.has(drawer.id) : false}
          savingHost={drawer ? cmd.savingIds.has(drawer.id) : false}
          checkError={drawer && cmd.failures.get(drawer.id)?.what === 'Check' ? cmd.failures.get(drawer.id)?.error : undefined}
          onCheck={(id) => cmd.run(id, 'check')}
          onChangeHost={(id, hostId) => update(id, { jumpHostId: hostId })}
          onClose={() => setDrawer(undefined)}
          connect={renderConnect}
        />
        <SettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)}>
          <ExportsOnDemand headingId="settings-exports-title" />
        </SettingsDrawer>
        <DiagnosisDrawerOnDemand
          request={diagnosis?.request}
          hostName={facts.hostName}
          fallbackFocusId={diagnosis?.back ?? 'targets-title'}
          onClose={() => setDiagnosis(undefined)}
        />
        {ways.drawers}
        <IamPolicyDrawerOnDemand
          open={policyOpen}
          tunnels={(tunnels.data ?? []).map((t) => ({ id: t.id, name: t.name, profile: t.profile }))}
          onClose={() => setPolicyOpen(false)}
        />
      </div>
    </LinkContext.Provider>
  );
}

/** The previous list when it names the same slices in the same order: the 2,000-row table is not rebuilt for nothing. */
function useSameRefs(next: SliceRef[]): SliceRef[] {
  const key = next.map((ref) => `${ref.profile}\u0000${ref.region}`).join('\u0001');
  return useMemo(() => next, [key]);
}

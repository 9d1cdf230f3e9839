import { useCallback, useState, type ReactNode } from 'react';
import type { Target } from '../../../shared/api';
import { useDirectPaths, type SliceRef } from '../features/paths/api/direct-paths';
import { CertKitDrawerOnDemand, DirectConnectDrawerOnDemand, PathsDrawerOnDemand, VpnEndpointsDrawerOnDemand } from './on-demand';

interface Deps {
  refs: SliceRef[];
  /** Whether a target has a tunnel already (then the Paths drawer offers no "Open tunnel"). */
  hasTunnel: (targetId: string) => boolean;
  openTunnel: (t: Target) => void;
  diagnose: (t: Target) => void;
}

/**
 * The other ways in (issue 15), wired for the page: the direct path of every row, the Paths drawer of a database,
 * "Connect directly", the Client VPN endpoints and the certificate kit. Each drawer is a lazy chunk.
 */
export function usePathsDrawers({ refs, hasTunnel, openTunnel, diagnose }: Deps) {
  const direct = useDirectPaths(refs);
  const [paths, setPaths] = useState<Target>();
  const [connect, setConnect] = useState<Target>();
  const [vpnOpen, setVpnOpen] = useState(false);
  const [kitOpen, setKitOpen] = useState(false);
  const directFor = useCallback((targetId: string) => direct.get(targetId), [direct]);

  const drawers: ReactNode = (
    <>
      <PathsDrawerOnDemand
        request={paths ? { targetId: paths.id, name: paths.name } : undefined}
        fallbackFocusId="targets-title"
        onClose={() => setPaths(undefined)}
        onConnectDirectly={() => {
          setConnect(paths);
          setPaths(undefined);
        }}
        onDiagnose={() => {
          if (paths) diagnose(paths);
          setPaths(undefined);
        }}
        {...(paths && !hasTunnel(paths.id)
          ? {
              onOpenTunnel: () => {
                openTunnel(paths);
                setPaths(undefined);
              },
            }
          : {})}
      />
      <DirectConnectDrawerOnDemand
        request={connect ? { targetId: connect.id, name: connect.name } : undefined}
        fallbackFocusId="targets-title"
        onClose={() => setConnect(undefined)}
      />
      <VpnEndpointsDrawerOnDemand open={vpnOpen} slices={refs} fallbackFocusId="other-ways-title" onClose={() => setVpnOpen(false)} />
      <CertKitDrawerOnDemand
        open={kitOpen}
        defaultRegion={refs[0]?.region}
        fallbackFocusId="other-ways-title"
        onClose={() => setKitOpen(false)}
      />
    </>
  );
  return {
    directFor,
    openPaths: setPaths as (t: Target) => void,
    connectDirectly: setConnect as (t: Target) => void,
    openVpn: useCallback(() => setVpnOpen(true), []),
    openKit: useCallback(() => setKitOpen(true), []),
    drawers,
  };
}

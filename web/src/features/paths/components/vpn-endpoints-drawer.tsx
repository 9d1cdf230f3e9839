import { RefreshCw } from 'lucide-react';
import { useId, useState } from 'react';
import type { ClientVpnEndpoint } from '../../../../../shared/paths';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { Ident } from '../../../components/ident';
import { SideDrawer } from '../../../components/side-drawer';
import { formatDateTime } from '../../../lib/format';
import { useQueryClient } from '@tanstack/react-query';
import { getVpnEndpoints, useVpnEndpoints, vpnEndpointsKey } from '../api/vpn-endpoints';
import type { SliceRef } from '../api/direct-paths';
import { authenticationWords, ruleWho } from '../lib/path-words';
import { OvpnExport } from './ovpn-export';
import { LiveButton } from '../../../components/live-button';

interface Props {
  open: boolean;
  /** The profiles and regions the dashboard shows. */
  slices: SliceRef[];
  fallbackFocusId: string;
  onClose: () => void;
}

/** AWS Client VPN endpoints of one profile and region, with everything that decides who reaches what. */
export function VpnEndpointsDrawer({ open, slices, fallbackFocusId, onClose }: Props) {
  return (
    <SideDrawer
      open={open}
      title="AWS Client VPN endpoints"
      closeLabel="the Client VPN endpoints"
      testId="vpn-endpoints"
      fallbackFocusId={fallbackFocusId}
      onClose={onClose}
    >
      {open ? <VpnBody slices={slices} /> : null}
    </SideDrawer>
  );
}

const sliceValue = (s: SliceRef) => `${s.profile}\u0000${s.region}`;

function VpnBody({ slices }: { slices: SliceRef[] }) {
  const qc = useQueryClient();
  const id = useId();
  const [picked, setPicked] = useState(slices[0] ? sliceValue(slices[0]) : '');
  const [profile = '', region = ''] = picked.split('\u0000');
  const endpoints = useVpnEndpoints(profile, region);
  const [refreshing, setRefreshing] = useState(false);
  const refresh = () => {
    setRefreshing(true);
    getVpnEndpoints(profile, region, true)
      .then((answer) => qc.setQueryData(vpnEndpointsKey(profile, region), answer))
      .catch(() => void endpoints.refetch())
      .finally(() => setRefreshing(false));
  };
  const data = endpoints.data;
  if (slices.length === 0) return <p className="muted">Pick a region for a profile first.</p>;
  return (
    <>
      <div className="section-head">
        <div className="field-inline">
          <label htmlFor={id}>Profile and region</label>
          <select id={id} value={picked} onChange={(e) => setPicked(e.target.value)}>
            {slices.map((s) => (
              <option key={sliceValue(s)} value={sliceValue(s)}>
                {s.profile} / {s.region}
              </option>
            ))}
          </select>
        </div>
        <LiveButton className="btn btn-small" disabled={refreshing} onClick={refresh}>
          <RefreshCw size={14} aria-hidden className={refreshing ? 'spin' : undefined} /> {refreshing ? 'Reading…' : 'Read again'}
          <Hidden>
            the endpoints of {profile} in {region}
          </Hidden>
        </LiveButton>
      </div>
      {data ? (
        <p className="muted small">
          Read {formatDateTime(data.fetchedAt)}
          {data.cached ? ' (kept up to 5 minutes; Read again asks AWS)' : ''} · {data.endpoints.length}{' '}
          {data.endpoints.length === 1 ? 'endpoint' : 'endpoints'}
        </p>
      ) : null}
      {endpoints.isPending && endpoints.fetchStatus !== 'idle' ? <p className="muted">Reading the endpoints from AWS…</p> : null}
      {endpoints.error ? <ErrorNote error={endpoints.error} title="No endpoints" /> : null}
      {data?.errors.map((e) => (
        <ErrorNote key={e.call} error={e.error} title={`Could not read ${e.call}`} />
      ))}
      {data && data.endpoints.length === 0 ? (
        <p className="muted">
          No Client VPN endpoint in {profile} / {region}.
        </p>
      ) : null}
      {data?.endpoints.map((e) => (
        <EndpointView key={e.id} endpoint={e} />
      ))}
    </>
  );
}

function EndpointView({ endpoint: e }: { endpoint: ClientVpnEndpoint }) {
  return (
    <article className="vpn-endpoint" data-testid={`vpn-endpoint-${e.id}`} aria-labelledby={`ep-${e.id}`}>
      <h3 id={`ep-${e.id}`}>
        {e.name ?? e.id} <span className={`path-state ${e.status === 'available' ? 'path-ok' : 'path-muted'}`}>{e.status}</span>
      </h3>
      {e.description ? <p className="small muted">{e.description}</p> : null}
      <dl className="kv">
        <dt>Endpoint</dt>
        <dd>
          <Ident className="mono" text={e.id} />
        </dd>
        <dt>Sign-in</dt>
        <dd>{authenticationWords(e.authentication)}</dd>
        <dt>Client CIDR</dt>
        <dd className="mono">{e.clientCidrBlock ?? 'unknown'}</dd>
        <dt>Split tunnel</dt>
        <dd>{e.splitTunnel ? 'on (only the routes below go through the VPN)' : 'off (all traffic goes through the VPN)'}</dd>
        <dt>DNS servers</dt>
        <dd className="mono ident">{e.dnsServers.length ? e.dnsServers.join(', ') : 'none pushed (your own resolver)'}</dd>
        <dt>Transport</dt>
        <dd>
          {e.transportProtocol ?? '?'} {e.vpnPort ?? ''}
        </dd>
        {e.statusMessage ? (
          <>
            <dt>Status</dt>
            <dd>{e.statusMessage}</dd>
          </>
        ) : null}
      </dl>
      <h4>Target networks</h4>
      <ul className="facts small" data-testid="vpn-networks">
        {e.targetNetworks.length === 0 ? <li className="muted">None associated: nobody can connect yet.</li> : null}
        {e.targetNetworks.map((n) => (
          <li key={n.associationId} className="ident">
            <span className="mono">{n.subnetId}</span> in <span className="mono">{n.vpcId ?? '?'}</span> · {n.status}
            {n.securityGroupIds.length ? ` · ${n.securityGroupIds.join(', ')}` : ''}
          </li>
        ))}
      </ul>
      <h4>Routes</h4>
      <ul className="facts small" data-testid="vpn-routes">
        {e.routes.length === 0 ? <li className="muted">No routes.</li> : null}
        {e.routes.map((r) => (
          <li key={`${r.destinationCidr} ${r.targetSubnet ?? ''}`} className="ident">
            <span className="mono">{r.destinationCidr}</span>
            {r.targetSubnet ? (
              <>
                {' '}
                via <span className="mono">{r.targetSubnet}</span>
              </>
            ) : null}{' '}
            · {r.status}
            {r.description ? ` · ${r.description}` : ''}
          </li>
        ))}
      </ul>
      <h4>Authorization rules</h4>
      <ul className="facts small" data-testid="vpn-rules">
        {e.authorizationRules.length === 0 ? <li className="muted">No rules: nobody reaches anything.</li> : null}
        {e.authorizationRules.map((r) => (
          <li key={`${r.destinationCidr} ${r.groupId ?? '*'}`} className="ident">
            <span className="mono">{r.destinationCidr}</span> for {ruleWho(r)} · {r.status}
            {r.description ? ` · ${r.description}` : ''}
          </li>
        ))}
      </ul>
      {e.errors.map((err) => (
        <ErrorNote key={err.call} error={err.error} title={`Could not read ${err.call}`} />
      ))}
      <OvpnExport endpoint={e} />
    </article>
  );
}

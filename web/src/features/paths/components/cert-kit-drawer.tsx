import { FolderOpen, Plus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../../shared/api';
import type { CertKitChange, CertKitState } from '../../../../../shared/paths';
import { ErrorNote } from '../../../components/error-note';
import { SideDrawer } from '../../../components/side-drawer';
import { createKit, readKit, type KitContext } from '../api/cert-kit';
import { KitView } from './kit-view';
import { TextField } from '../../../components/text-field';
import { LiveButton } from '../../../components/live-button';

interface Props {
  open: boolean;
  /** A region to name in the AWS CLI commands until the user types another. */
  defaultRegion?: string;
  fallbackFocusId: string;
  onClose: () => void;
}

/**
 * The certificate kit for Client VPN mutual authentication, in a folder the user names: a CA, server and client
 * certificates, revocation and the CRL. Porthole changes nothing in AWS: importing is the AWS CLI commands shown.
 */
export function CertKitDrawer({ open, defaultRegion, fallbackFocusId, onClose }: Props) {
  return (
    <SideDrawer
      open={open}
      title="Certificate kit for Client VPN"
      closeLabel="the certificate kit"
      testId="cert-kit"
      fallbackFocusId={fallbackFocusId}
      onClose={onClose}
    >
      {open ? <KitBody defaultRegion={defaultRegion ?? ''} /> : null}
    </SideDrawer>
  );
}

function KitBody({ defaultRegion }: { defaultRegion: string }) {
  const ids = { folder: useId(), ca: useId(), region: useId(), endpoint: useId() };
  const [folder, setFolder] = useState('');
  const [caName, setCaName] = useState('');
  const [region, setRegion] = useState(defaultRegion);
  const [endpointId, setEndpointId] = useState('');
  const [kit, setKit] = useState<CertKitState>();
  const [busy, setBusy] = useState<'open' | 'create'>();
  const [error, setError] = useState<ApiError>();
  const context: KitContext = { region: region.trim(), endpointId: endpointId.trim() };

  const run = (what: 'open' | 'create', call: () => Promise<CertKitState>) => {
    setBusy(what);
    setError(undefined);
    call()
      .then(setKit)
      .catch((err: ApiError) => setError(err))
      .finally(() => setBusy(undefined));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run('open', () => readKit(folder.trim(), context));
  };
  const disabled = busy !== undefined || folder.trim() === '';
  return (
    <>
      <form className="kit-folder" onSubmit={submit} data-testid="kit-folder">
        <p className="small">
          The kit keeps its CA, certificates and keys in one folder (made 0700, files 0600). Pick a new or empty folder to create one, or
          the folder of an existing kit to open it.
        </p>
        <TextField id={ids.folder} label="Folder" value={folder} placeholder="/home/you/client-vpn-kit" onValue={setFolder} />
        <TextField id={ids.ca} label="CA name (for a new kit)" value={caName} placeholder="Client VPN CA" onValue={setCaName} />
        <TextField id={ids.region} label="Region in the AWS commands" value={region} placeholder="us-east-1" onValue={setRegion} />
        <TextField
          id={ids.endpoint}
          label="Client VPN endpoint for the CRL upload"
          value={endpointId}
          placeholder="cvpn-endpoint-…"
          onValue={setEndpointId}
        />
        <div className="form-actions">
          <LiveButton type="submit" className="btn btn-small" disabled={disabled}>
            <FolderOpen size={14} aria-hidden /> {busy === 'open' ? 'Opening…' : 'Open kit'}
          </LiveButton>
          <LiveButton
            className="btn btn-small btn-primary"
            disabled={disabled}
            onClick={() =>
              run('create', () => createKit({ folder: folder.trim(), ...(caName.trim() ? { caName: caName.trim() } : {}) }, context))
            }
          >
            <Plus size={14} aria-hidden /> {busy === 'create' ? 'Creating…' : 'Create CA'}
          </LiveButton>
        </div>
        {error ? <ErrorNote error={error} title="No kit" onDismiss={() => setError(undefined)} /> : null}
      </form>
      {kit ? <KitView kit={kit} context={context} onChange={(change: CertKitChange) => setKit(change.kit)} /> : null}
    </>
  );
}

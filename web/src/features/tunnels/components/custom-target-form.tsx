import { Plus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ApiError, CreateTunnelRequest, JumpHost } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';

interface Props {
  slices: { profile: string; region: string }[];
  hosts: JumpHost[];
  busy: boolean;
  /** Why the last create failed; stays until the next try. */
  error?: ApiError;
  onCreate: (req: CreateTunnelRequest) => void;
}

/** A tunnel to any host:port the jump host can reach (e.g. a database Porthole did not discover). */
export function CustomTargetForm({ slices, hosts, busy, error, onCreate }: Props) {
  const [slice, setSlice] = useState(0);
  const [name, setName] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('5432');
  const [jump, setJump] = useState('');
  const [localPort, setLocalPort] = useState('');
  const [engine, setEngine] = useState('postgres');
  const hostList = useId();
  const chosen = slices[slice];
  const portNum = Number(port);
  const localNum = localPort ? Number(localPort) : undefined;
  const valid =
    chosen !== undefined &&
    host.trim() !== '' &&
    Number.isInteger(portNum) &&
    portNum > 0 &&
    portNum < 65536 &&
    (localNum === undefined || (Number.isInteger(localNum) && localNum > 0 && localNum < 65536));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || !chosen) return;
    const req: CreateTunnelRequest = {
      profile: chosen.profile,
      region: chosen.region,
      target: { host: host.trim(), port: portNum, name: name.trim() || host.trim(), ...(engine ? { engine } : {}) },
    };
    if (jump.trim()) req.jumpHostId = jump.trim();
    if (localNum !== undefined) req.localPort = localNum;
    onCreate(req);
  };

  const sliceHosts = hosts.filter((h) => h.profile === chosen?.profile && h.region === chosen.region);
  return (
    <details className="custom-target panel">
      <summary className="section-title">Tunnel to a host Porthole did not discover</summary>
      <form className="form-grid" onSubmit={submit} data-testid="custom-target-form">
        <label>
          <span>Profile / region</span>
          <select value={slice} onChange={(e) => setSlice(Number(e.target.value))}>
            {slices.map((s, i) => (
              <option key={`${s.profile}:${s.region}`} value={i}>
                {s.profile} / {s.region}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Host</span>
          <input type="text" value={host} onChange={(e) => setHost(e.target.value)} placeholder="db.internal.example" required />
        </label>
        <label>
          <span>Port</span>
          <input type="text" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} required />
        </label>
        <label>
          <span>Engine</span>
          <select value={engine} onChange={(e) => setEngine(e.target.value)}>
            <option value="postgres">PostgreSQL</option>
            <option value="mysql">MySQL</option>
            <option value="mariadb">MariaDB</option>
            <option value="">other</option>
          </select>
        </label>
        <label>
          <span>Name</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="(the host)" />
        </label>
        <label>
          <span>Jump host id</span>
          <input type="text" list={hostList} value={jump} onChange={(e) => setJump(e.target.value)} placeholder="i-0123…" />
          <datalist id={hostList}>
            {sliceHosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name ?? h.id}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          <span>Local port</span>
          <input type="text" inputMode="numeric" value={localPort} onChange={(e) => setLocalPort(e.target.value)} placeholder="auto" />
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary btn-small" disabled={!valid || busy}>
            <Plus size={14} aria-hidden /> {busy ? 'Creating…' : 'Create tunnel'}
          </button>
        </div>
      </form>
      {error ? <ErrorNote error={error} title="Tunnel not created" /> : null}
    </details>
  );
}

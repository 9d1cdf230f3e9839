import { useId, useState } from 'react';
import type { ApiError } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { useFlash } from '../../../lib/use-flash';
import { LiveButton } from '../../../components/live-button';

/** A jump host the tunnel could use instead, as the inventory sees it. */
export interface HostChoice {
  id: string;
  label: string;
  /** Why it may not work (e.g. another VPC). */
  note?: string;
}

interface Props {
  current: string;
  choices: HostChoice[];
  saving: boolean;
  onChange: (hostId: string) => Promise<unknown>;
}

/** Picks another jump host for a saved tunnel; a running session moves to it at once. */
export function JumpHostPicker({ current, choices, saving, onChange }: Props) {
  const [picked, setPicked] = useState(current);
  const [flash, setFlash] = useFlash();
  const [error, setError] = useState<ApiError>();
  const id = useId();
  if (choices.length < 2 && choices.every((c) => c.id === current)) return null;
  const chosen = choices.find((c) => c.id === picked);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        onChange(picked)
          .then(() => setFlash('Saved; the tunnel now goes through it'))
          .catch((err: ApiError) => setError(err));
      }}
    >
      <label htmlFor={id}>Use another jump host</label>
      <select id={id} value={picked} onChange={(e) => setPicked(e.target.value)}>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
            {c.id === current ? ' (in use)' : ''}
            {c.note ? ` — ${c.note}` : ''}
          </option>
        ))}
      </select>
      <LiveButton type="submit" className="btn btn-small" disabled={saving || picked === current}>
        {saving ? 'Saving…' : 'Use this jump host'}
      </LiveButton>
      <span role="status" className="muted small">
        {flash ?? ''}
      </span>
      {chosen?.note && picked !== current ? <p className="small warn-text">{chosen.note}</p> : null}
      {error ? <ErrorNote error={error} title="Jump host not changed" /> : null}
    </form>
  );
}

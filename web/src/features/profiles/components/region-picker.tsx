import { Plus, X } from 'lucide-react';
import { useId, useState } from 'react';
import { COMMON_REGIONS, normalizeRegion } from '../lib/regions';

interface Props {
  profile: string;
  regions: string[];
  onChange: (regions: string[]) => void;
}

/** The picked regions as removable chips, plus a field with common regions suggested and free text allowed. */
export function RegionPicker({ profile, regions, onChange }: Props) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const listId = useId();
  const add = () => {
    const r = normalizeRegion(text);
    if (!r) {
      setInvalid(text.trim() !== '');
      return;
    }
    setText('');
    setInvalid(false);
    if (!regions.includes(r)) onChange([...regions, r]);
  };
  return (
    <div className="regions">
      <ul className="chips" aria-label={`Regions for ${profile}`}>
        {regions.map((r) => (
          <li key={r} className="chip">
            {r}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove region ${r} from ${profile}`}
              onClick={() => onChange(regions.filter((x) => x !== r))}
            >
              <X size={12} aria-hidden />
            </button>
          </li>
        ))}
      </ul>
      <form
        className="region-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input
          type="text"
          list={listId}
          value={text}
          placeholder="Add region…"
          aria-label={`Add a region to ${profile}`}
          aria-invalid={invalid}
          onChange={(e) => {
            setText(e.target.value);
            setInvalid(false);
          }}
        />
        <datalist id={listId}>
          {COMMON_REGIONS.filter((r) => !regions.includes(r)).map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <button type="submit" className="btn btn-icon" aria-label={`Add region to ${profile}`}>
          <Plus size={14} aria-hidden />
        </button>
      </form>
      {invalid ? <p className="field-error">That does not look like a region name (e.g. eu-west-1).</p> : null}
    </div>
  );
}

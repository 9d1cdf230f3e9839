import type { ConnectionString } from '../../../../../shared/api';
import { CopyButton } from '../../../components/copy-button';

export function ConnectionStringBlock({ item }: { item: ConnectionString }) {
  return (
    <div className="conn" data-testid={`conn-${item.id}`}>
      <div className="conn-head">
        <span className="conn-label">{item.label}</span>
        <CopyButton text={item.value} what={item.label} />
      </div>
      <pre className="conn-value" tabIndex={0}>
        <code>{item.value}</code>
      </pre>
      {item.note ? <p className="muted small conn-note">{item.note}</p> : null}
    </div>
  );
}

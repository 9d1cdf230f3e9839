import { Fragment } from 'react';

/** Where an identifier may break: after these characters first, so an endpoint wraps at its dots, not mid-word. */
const BREAK_AFTER = /([.:/@=_-])/;

/**
 * An identifier shown whole (never cut off): line breaks are offered after dots, colons, dashes and the like,
 * and anywhere as a last resort (the `ident` class).
 */
export function Ident({ text, className }: { text: string; className?: string }) {
  const parts = text.split(BREAK_AFTER);
  return (
    <span className={className ? `ident ${className}` : 'ident'}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i % 2 === 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </span>
  );
}

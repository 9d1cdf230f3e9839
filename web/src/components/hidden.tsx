import type { ReactNode } from 'react';

/**
 * Words a screen reader needs and the eye does not, e.g. which tunnel a "Stop" button stops: the accessible name
 * then starts with the visible text. The space goes outside the hidden span, so every name computation keeps it.
 */
export function Hidden({ children }: { children: ReactNode }) {
  return (
    <>
      {' '}
      <span className="visually-hidden">{children}</span>
    </>
  );
}

import type { ComponentPropsWithRef } from 'react';
import { OFFLINE_TITLE, useOnline } from '../lib/link';

/**
 * A button that asks the daemon for something: disabled while Porthole is not answering, and its title then says
 * why (its own title otherwise). Every other prop is the button's.
 */
export function LiveButton({ disabled, title, type = 'button', ...rest }: ComponentPropsWithRef<'button'>) {
  const online = useOnline();
  return <button type={type} disabled={Boolean(disabled) || !online} title={online ? title : OFFLINE_TITLE} {...rest} />;
}

import * as Dialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  /** Changes when the drawer shows something else (the opener is remembered per subject). */
  subject?: string;
  title: ReactNode;
  /** What the close button closes, for screen readers: "Close <closeLabel>". */
  closeLabel: string;
  testId: string;
  /** Where focus goes when what opened the drawer is gone (a virtualised row scrolled away): an element id. */
  fallbackFocusId: string;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A right-hand drawer (Radix dialog: focus trap, Escape, aria) that gives focus back to what opened it, or to
 * `fallbackFocusId` when that is gone, so focus never falls to the page.
 */
export function SideDrawer({ open, subject = '', title, closeLabel, testId, fallbackFocusId, onClose, children }: Props) {
  const opener = useRef<{ element: Element | null; subject: string }>(undefined);
  if (open && opener.current?.subject !== subject) opener.current = { element: document.activeElement, subject };
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="drawer-overlay" />
        <Dialog.Content
          className="drawer"
          data-testid={testId}
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            const from = opener.current;
            opener.current = undefined;
            event.preventDefault();
            const back =
              from?.element instanceof HTMLElement && from.element.isConnected ? from.element : document.getElementById(fallbackFocusId);
            back?.focus();
          }}
        >
          <div className="drawer-head">
            <div className="drawer-title">
              <Dialog.Title>{title}</Dialog.Title>
            </div>
            <Dialog.Close className="btn btn-icon btn-ghost" title="Close">
              <X size={18} aria-hidden />
              <span className="visually-hidden">Close {closeLabel}</span>
            </Dialog.Close>
          </div>
          <div className="drawer-body">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

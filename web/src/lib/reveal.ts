// Asking another part of the page to show something (e.g. "Show profile acme-dev" in the databases table opens
// and focuses that profile). Features never import each other, so the request travels as a DOM event.

export type RevealRequest = { kind: 'profile'; name: string } | { kind: 'jump-hosts' };

const EVENT = 'porthole:reveal';

export function reveal(request: RevealRequest): void {
  window.dispatchEvent(new CustomEvent<RevealRequest>(EVENT, { detail: request }));
}

/** Subscribes to reveal requests; returns the unsubscribe function (for a useEffect). */
export function onReveal(handler: (request: RevealRequest) => void): () => void {
  const listener = (event: Event) => handler((event as CustomEvent<RevealRequest>).detail);
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}

/** Focuses an element after the next paint (it may only now have been rendered), and scrolls it into view. */
export function focusSoon(find: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => {
    const el = find();
    if (!el) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView?.({ block: 'nearest' });
  });
}

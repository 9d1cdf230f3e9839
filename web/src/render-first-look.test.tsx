// @vitest-environment jsdom
// The daemon's render and the browser's hydration of it (issue 17): the same markup even when the browser takes
// the page over later and in another window size, and a first look that no name can break out of.
import { act } from '@testing-library/react';
import { StrictMode } from 'react';
import { hydrateRoot, type Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JumpHost, RenderedFirstLook, SharedHostsResponse } from '../../shared/api';
import { shareHostSets } from '../../shared/inventory-host-sets';
import { Root } from './app/root';
import { beginMatchedRender } from './lib/first-render';
import { readFirstLook } from './lib/first-look-page';
import { renderFirstLookPage } from './render-first-look';
import { stubApi } from './test/fetch-stub';
import { target } from './test/targets';
import './test/render';

const TEMPLATE = `<!doctype html><html lang="en"><head><link rel="preload" href="/api/inventory?eligibility=shared" as="fetch" crossorigin /></head><body><div id="root"></div><script type="module" src="/assets/index.js"></script></body></html>`;
const RENDERED_AT = Date.parse('2026-12-07T09:00:00Z');

const host: JumpHost = {
  id: 'i-0abc',
  profile: 'acme-dev',
  region: 'eu-west-1',
  name: 'bastion',
  pingStatus: 'Online',
  securityGroups: [],
  tags: {},
};

function look(names: string[]): SharedHostsResponse {
  const slice = {
    profile: 'dev',
    region: 'eu-west-1',
    loading: false,
    cached: true,
    fetchedAt: new Date(RENDERED_AT - 3 * 3_600_000).toISOString(),
    targets: names.map((name) => target(name)),
    hosts: [host],
    eligibility: {},
    errors: [],
  };
  return { slices: [shareHostSets(slice)] };
}

/** What the daemon does for GET /: the page, rendered outside any browser state. */
function daemonPage(rendered: RenderedFirstLook): string {
  return renderFirstLookPage(TEMPLATE, JSON.stringify(rendered));
}

/** What main.tsx does with that page; the recoverable errors React reports are a mismatch. */
function hydratePage(html: string): { errors: unknown[]; root: ReactRoot } {
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
  const rendered = readFirstLook(document);
  if (!rendered) throw new Error('the page carries no first look');
  const errors: unknown[] = [];
  beginMatchedRender(rendered.now);
  let root: ReactRoot | undefined;
  act(() => {
    root = hydrateRoot(
      document.getElementById('root')!,
      <StrictMode>
        <Root firstLook={rendered.look} />
      </StrictMode>,
      { onRecoverableError: (error) => errors.push(error) },
    );
  });
  return { errors, root: root! };
}

class SilentEventSource {
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  addEventListener(): void {}
  close(): void {}
}

beforeEach(() => {
  stubApi({});
  vi.stubGlobal('EventSource', SilentEventSource);
});
afterEach(() => {
  vi.useRealTimers();
  document.documentElement.innerHTML = '<head></head><body></body>';
});

describe('the dashboard rendered by the daemon (issue 17)', () => {
  it('arrives with the targets, their count and the age of the cached rows, and without the preload it replaces', () => {
    const page = daemonPage({ now: RENDERED_AT, look: look(['orders-db', 'billing-db']) });
    const doc = new DOMParser().parseFromString(page, 'text/html');
    expect(doc.documentElement.dataset.firstRender).toBe('daemon');
    expect(doc.querySelector('[data-testid="targets"]')?.textContent).toContain('2 databases');
    expect(doc.querySelectorAll('[role="row"][data-testid^="target-"]')).toHaveLength(2);
    expect(doc.querySelector('[data-testid="slice-age"]')?.textContent).toContain('3 h ago');
    expect(page).not.toContain('rel="preload"');
    expect(readFirstLook(doc)?.look.slices[0]?.targets.map((t) => t.name)).toEqual(['orders-db', 'billing-db']);
  });

  it('is taken over by the browser without a mismatch, two hours later and in a smaller window', () => {
    // Enough rows that a smaller window would render fewer of them.
    const names = Array.from({ length: 40 }, (_, i) => `db-${String(i).padStart(2, '0')}`);
    const page = daemonPage({ now: RENDERED_AT, look: look(names) });
    vi.useFakeTimers({ now: RENDERED_AT + 2 * 3_600_000, toFake: ['Date'] });
    vi.stubGlobal('innerWidth', 360);
    vi.stubGlobal('innerHeight', 700);
    const { errors, root } = hydratePage(page);
    expect(errors).toEqual([]);
    expect(document.querySelector('[data-testid="targets"]')?.textContent).toContain('40 databases');
    act(() => root.unmount());
  });

  it('carries a name that closes a script element as data, never as markup', () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const page = daemonPage({ now: RENDERED_AT, look: look([hostile]) });
    const doc = new DOMParser().parseFromString(page, 'text/html');
    expect(doc.querySelectorAll('script')).toHaveLength(2); // the page's module and the first look
    expect(readFirstLook(doc)?.look.slices[0]?.targets[0]?.name).toBe(hostile);
  });

  it('is rendered from scratch in the browser when its first look does not parse', () => {
    const page = daemonPage({ now: RENDERED_AT, look: look(['orders-db']) });
    const doc = new DOMParser().parseFromString(page, 'text/html');
    doc.getElementById('first-look')!.textContent = '{"now": 1, "look": {"sli';
    expect(readFirstLook(doc)).toBeUndefined();
  });
});

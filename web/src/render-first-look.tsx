// The daemon's entry (built by `npm run build:web` into dist/web-ssr/): renders the dashboard's first screen with
// the inventory it has, so the page shows the targets before its script has even arrived; main.tsx hydrates it.
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import type { RenderedFirstLook } from '../../shared/api';
import { Root } from './app/root';
import { beginMatchedRender, endMatchedRender } from './lib/first-render';
import { firstLookPage } from './lib/first-look-page';

/**
 * `template`: the built index.html; `renderedJson`: a RenderedFirstLook as JSON, which the page carries as it is
 * (the daemon serialized it once, to send it to this thread).
 */
export function renderFirstLookPage(template: string, renderedJson: string): string {
  const rendered = JSON.parse(renderedJson) as RenderedFirstLook;
  beginMatchedRender(rendered.now);
  try {
    const markup = renderToString(
      <StrictMode>
        <Root firstLook={rendered.look} />
      </StrictMode>,
    );
    return firstLookPage(template, markup, renderedJson);
  } finally {
    endMatchedRender();
  }
}

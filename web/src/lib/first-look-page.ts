import type { RenderedFirstLook } from '../../../shared/api';

/** The element of the page that carries the first look (JSON: never run as a script, so the CSP allows it). */
export const FIRST_LOOK_ID = 'first-look';

/** index.html's preload of the first look: not needed when the page carries it. */
const FIRST_LOOK_PRELOAD = /<link rel="preload" href="\/api\/inventory\?eligibility=shared"[^>]*>\s*/;
const ROOT = '<div id="root"></div>';

/** JSON inside a script element: `<` escaped, so no value can close the element or open a comment. */
const scriptJson = (json: string): string => json.replace(/</g, '\\u003c');

/** index.html with the rendered dashboard inside #root and the first look (`renderedJson`, as sent) after it. */
export function firstLookPage(template: string, markup: string, renderedJson: string): string {
  if (!template.includes(ROOT)) throw new Error('index.html has no empty <div id="root"></div> to render into');
  const data = `<script type="application/json" id="${FIRST_LOOK_ID}">${scriptJson(renderedJson)}</script>`;
  return template
    .replace(FIRST_LOOK_PRELOAD, '')
    .replace('<html', '<html data-first-render="daemon"')
    .replace(ROOT, () => `<div id="root">${markup}</div>${data}`);
}

/**
 * The first look a rendered page carries, or undefined: a page the daemon did not render, or one whose first look
 * does not parse (the page then renders from scratch and asks for it, rather than stay blank).
 */
export function readFirstLook(doc: Document): RenderedFirstLook | undefined {
  const text = doc.getElementById(FIRST_LOOK_ID)?.textContent;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as RenderedFirstLook;
  } catch {
    return undefined;
  }
}

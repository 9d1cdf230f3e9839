/**
 * The daemon renders the dashboard's first screen into the page (web/src/render-first-look.tsx) and the browser then
 * hydrates it. Both renders must produce the same markup, so while either is under way the values that differ
 * between the two places come from here: the daemon's clock at rendering, and a fixed window size (the daemon
 * cannot know the browser's). Outside those renders (every later render, tests, `npm run dev:web`), the live ones.
 */
export interface Rect {
  width: number;
  height: number;
}

/** The window the daemon renders for: a laptop screen. The rows measured after hydration replace its guesses. */
export const RENDERED_WINDOW: Rect = { width: 1280, height: 800 };

let rendered: { now: number } | undefined;

/** Starts a render that must match the daemon's (on the daemon, or hydrating in the browser). */
export function beginMatchedRender(now: number): void {
  rendered = { now };
}

/** Ends it: from here on, the live clock and window. */
export function endMatchedRender(): void {
  rendered = undefined;
}

export const renderNow = (): number => rendered?.now ?? Date.now();

export const renderWindow = (): Rect => (rendered ? RENDERED_WINDOW : { width: window.innerWidth, height: window.innerHeight });

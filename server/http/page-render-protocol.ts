// Messages between dashboard-page.ts and page-render-worker.ts.

export interface PageRequest {
  id: number;
  /** The built index.html, stylesheets inline. */
  template: string;
  /** A RenderedFirstLook as JSON: a string crosses to the thread far faster than the objects would. */
  rendered: string;
}

export type PageAnswer = { id: number; page: string } | { id: number; error: string };

import type { DeserializeHandler, DeserializeHandlerArguments, DeserializeMiddleware, HttpResponse, MetadataBearer } from '@smithy/types';

// RDS paging that asks for the next page as soon as its marker is in the raw answer, before the SDK parses the page
// (issue 17). When twelve regions' first pages arrive together the worker parses them one after another, and with
// the SDK's paginator the last region's second page went out only after all of them: its answer came that much later.

/** Sends one page; `peek` is given the next page's marker when the raw answer has one. */
export type SendPage<P> = (marker: string | undefined, peek: (next: string) => void) => Promise<P>;

interface Pending<P> {
  page: Promise<P>;
  /** The page after this one, asked for as soon as its marker was seen. */
  ahead?: { marker: string; pending: Pending<P> };
}

/** Most pages read for one list: a loop bound far beyond any account (1,000 pages of 100). */
const MAX_PAGES = 1000;

/**
 * Every page of a Marker-paginated list, in order. A page asked for ahead is used only when its marker is the one the
 * SDK then parsed from the page before; otherwise it is dropped and the right page is asked for. Stops, as the SDK's
 * paginators do, at a page without a marker or with the marker of the page before.
 */
export async function pagesAhead<P>(send: SendPage<P>, markerOf: (page: P) => string | undefined): Promise<P[]> {
  const request = (marker: string | undefined): Pending<P> => {
    const pending = {} as Pending<P>;
    pending.page = send(marker, (next) => {
      if (next !== marker && !pending.ahead) pending.ahead = { marker: next, pending: request(next) };
    });
    // A page asked for ahead may never be awaited (the page before failed, or its marker was not the one peeked).
    pending.page.catch(() => undefined);
    return pending;
  };

  const pages: P[] = [];
  let pending = request(undefined);
  let marker: string | undefined;
  for (let count = 0; count < MAX_PAGES; count++) {
    const page = await pending.page;
    pages.push(page);
    const next = markerOf(page);
    if (!next || next === marker) break;
    marker = next;
    pending = pending.ahead?.marker === next ? pending.ahead.pending : request(next);
  }
  return pages;
}

/**
 * A deserialize-step middleware for an RDS list call (added with low priority, so it runs inside the SDK's
 * deserializer): reads the raw answer, hands `peek` the `<Marker>` in it, then waits one turn of the event loop
 * before the SDK parses, so the answers that arrived meanwhile are peeked (and their next pages asked for) first.
 */
export function peekXmlMarker(peek: (next: string) => void): DeserializeMiddleware<object, MetadataBearer> {
  return (next: DeserializeHandler<object, MetadataBearer>) => async (args: DeserializeHandlerArguments<object>) => {
    const result = await next(args);
    const response = result.response as HttpResponse;
    if (response.statusCode !== 200 || !response.body) return result;
    const body = await bytesOf(response.body as AsyncIterable<Uint8Array> | Uint8Array);
    // The SDK reads a Uint8Array body as it would have read the stream.
    response.body = body;
    const marker = markerIn(body);
    if (marker !== undefined) peek(marker);
    await new Promise<void>((resolve) => setImmediate(resolve));
    return result;
  };
}

async function bytesOf(body: AsyncIterable<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const OPEN = Buffer.from('<Marker>');
const CLOSE = Buffer.from('</Marker>');

/** The answer's `<Marker>` (an RDS list answer has one element of that name, beside the list), if plain text. */
export function markerIn(body: Uint8Array): string | undefined {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const start = bytes.indexOf(OPEN);
  if (start === -1) return undefined;
  const end = bytes.indexOf(CLOSE, start + OPEN.length);
  if (end === -1) return undefined;
  const marker = bytes.toString('utf8', start + OPEN.length, end);
  // Markers are opaque tokens; one with an escaped character is left to the SDK's parse (its page is asked for after).
  return marker === '' || marker.includes('&') ? undefined : marker;
}

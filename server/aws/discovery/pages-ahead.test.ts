import { Readable } from 'node:stream';
import type { HttpResponse } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { markerIn, pagesAhead, peekXmlMarker, type SendPage } from './pages-ahead.js';

interface Page {
  items: string[];
  Marker?: string;
}

/** A list of pages keyed by marker; each send peeks (when told to) at once and answers when released. */
function pagedList(pages: Record<string, Page>, peekMarkers: Record<string, string> = {}) {
  const sent: string[] = [];
  const answers = new Map<string, () => void>();
  const send: SendPage<Page> = (marker, peek) => {
    const key = marker ?? 'first';
    sent.push(key);
    const peeked = peekMarkers[key] ?? pages[key]?.Marker;
    if (peeked !== undefined) peek(peeked);
    return new Promise<Page>((resolve, reject) => {
      answers.set(key, () => (pages[key] ? resolve(pages[key]) : reject(new Error(`no page ${key}`))));
    });
  };
  /** Answers the pages in the order given, a turn apart. */
  const answerInOrder = async (...keys: string[]) => {
    for (const key of keys) {
      for (let turn = 0; turn < 20 && !answers.has(key); turn++) await new Promise((resolve) => setImmediate(resolve));
      answers.get(key)?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { send, sent, answerInOrder };
}

const markerOf = (page: Page) => page.Marker;

describe('pagesAhead', () => {
  it('asks for every page as soon as its marker is seen, before the page before it is answered, and keeps their order', async () => {
    const list = pagedList({
      first: { items: ['a'], Marker: 'm2' },
      m2: { items: ['b'], Marker: 'm3' },
      m3: { items: ['c'] },
    });
    const all = pagesAhead(list.send, markerOf);
    // All three are asked for before any answer.
    await new Promise((resolve) => setImmediate(resolve));
    expect(list.sent).toEqual(['first', 'm2', 'm3']);
    await list.answerInOrder('m3', 'm2', 'first');
    expect((await all).flatMap((page) => page.items)).toEqual(['a', 'b', 'c']);
    expect(list.sent).toEqual(['first', 'm2', 'm3']);
  });

  it('drops a page asked for with a wrongly peeked marker and asks for the right one', async () => {
    const list = pagedList({ first: { items: ['a'], Marker: 'right' }, right: { items: ['b'] } }, { first: 'wrong' });
    const all = pagesAhead(list.send, markerOf);
    await list.answerInOrder('first', 'right');
    expect((await all).flatMap((page) => page.items)).toEqual(['a', 'b']);
    // 'wrong' was asked for and never used; its failure is not an unhandled rejection.
    expect(list.sent).toEqual(['first', 'wrong', 'right']);
  });

  it('fails when a page fails, and stops at a repeated marker as the SDK does', async () => {
    const failing = pagedList({ first: { items: ['a'], Marker: 'gone' } });
    const outcome = pagesAhead(failing.send, markerOf).then(
      () => undefined,
      (error: unknown) => error,
    );
    await failing.answerInOrder('gone', 'first');
    expect(await outcome).toEqual(new Error('no page gone'));

    const looping = pagedList({ first: { items: ['a'], Marker: 'same' }, same: { items: ['b'], Marker: 'same' } });
    const pages = pagesAhead(looping.send, markerOf);
    await looping.answerInOrder('first', 'same');
    expect((await pages).flatMap((page) => page.items)).toEqual(['a', 'b']);
  });
});

describe('peekXmlMarker', () => {
  const answer = (statusCode: number, xml: string): HttpResponse =>
    ({ statusCode, headers: {}, body: Readable.from([Buffer.from(xml.slice(0, 10)), Buffer.from(xml.slice(10))]) }) as HttpResponse;

  it('hands over the raw answer’s marker before the parse, and leaves the body for the SDK to read', async () => {
    const xml =
      '<DescribeDBInstancesResponse><DescribeDBInstancesResult><Marker>bWFya2Vy</Marker><DBInstances/></DescribeDBInstancesResult></DescribeDBInstancesResponse>';
    const response = answer(200, xml);
    const peeked: string[] = [];
    const handler = peekXmlMarker((marker) => peeked.push(marker))(async () => ({ response, output: {} as never }), {} as never);
    const result = await handler({ input: {}, request: {} });
    expect(peeked).toEqual(['bWFya2Vy']);
    expect(Buffer.from((result.response as HttpResponse).body as Uint8Array).toString()).toBe(xml);
  });

  it('peeks nothing in an error or a last page', async () => {
    for (const response of [answer(400, '<ErrorResponse><Marker>x</Marker></ErrorResponse>'), answer(200, '<R><DBInstances/></R>')]) {
      const peeked: string[] = [];
      await peekXmlMarker((marker) => peeked.push(marker))(async () => ({ response, output: {} as never }), {} as never)({
        input: {},
        request: {},
      });
      expect(peeked).toEqual([]);
    }
  });

  it('reads the marker only when it is plain text', () => {
    expect(markerIn(Buffer.from('<R><Marker>abc=</Marker></R>'))).toBe('abc=');
    expect(markerIn(Buffer.from('<R><Marker>a&amp;b</Marker></R>'))).toBeUndefined();
    expect(markerIn(Buffer.from('<R><Marker></Marker></R>'))).toBeUndefined();
    expect(markerIn(Buffer.from('<R><Marker>cut'))).toBeUndefined();
  });
});

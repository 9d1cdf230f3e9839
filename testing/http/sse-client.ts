import { request } from 'node:http';

export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A minimal SSE reader over node:http for tests: collects parsed messages until closed. */
export function openSse(
  url: string,
  headers: Record<string, string>,
): Promise<{
  messages: SseMessage[];
  status: number;
  close: () => void;
  waitFor: (predicate: (messages: SseMessage[]) => boolean, timeoutMs?: number) => Promise<void>;
}> {
  return new Promise((resolve, reject) => {
    const messages: SseMessage[] = [];
    const waiters = new Set<() => void>();
    const req = request(url, { headers }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) message.comment = line.slice(1).trim();
            const match = /^(id|event|data): ?(.*)$/.exec(line);
            if (match) message[match[1] as 'id' | 'event' | 'data'] = match[2];
          }
          messages.push(message);
        }
        for (const waiter of waiters) waiter();
      });
      res.on('error', () => undefined);
      resolve({
        messages,
        status: res.statusCode ?? 0,
        close: () => req.destroy(),
        waitFor: (predicate, timeoutMs = 5000) =>
          new Promise<void>((done, fail) => {
            if (predicate(messages)) return done();
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`timed out waiting; got ${JSON.stringify(messages)}`));
            }, timeoutMs);
            const check = (): void => {
              if (predicate(messages)) {
                clearTimeout(timer);
                waiters.delete(check);
                done();
              }
            };
            waiters.add(check);
          }),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

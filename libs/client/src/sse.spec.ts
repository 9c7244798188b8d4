import { readSse, type SseMessage } from './sse';

/** A response body delivering these chunks, as a server might split them. */
const body = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

async function messages(stream: ReadableStream<Uint8Array>): Promise<SseMessage[]> {
  const all: SseMessage[] = [];
  for await (const m of readSse(stream)) all.push(m);
  return all;
}

describe('readSse', () => {
  it('reads a named first event, then unnamed ones as `message`', async () => {
    expect(await messages(body('event: job\nid: 3\ndata: {"a":1}\n\n', 'data: {"b":2}\n\n'))).toEqual([
      { event: 'job', id: '3', data: '{"a":1}' },
      { event: 'message', data: '{"b":2}' },
    ]);
  });

  it('joins a message split across chunks, and skips heartbeat comments', async () => {
    expect(await messages(body(': heartbeat\n\nda', 'ta: {"st', 'ep":4}\n', '\n: heartbeat\n\n'))).toEqual([{ event: 'message', data: '{"step":4}' }]);
  });

  it('joins multi-line data with newlines, and reads CRLF line ends', async () => {
    expect(await messages(body('data: a\r\ndata: b\r\n\r\n'))).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('drops an unterminated message when the stream ends', async () => {
    expect(await messages(body('data: {"whole":true}\n\ndata: {"cut'))).toEqual([{ event: 'message', data: '{"whole":true}' }]);
  });
});

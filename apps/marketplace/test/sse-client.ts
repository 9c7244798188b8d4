/** One Server-Sent Events frame: a comment line (heartbeat) or an event with id and data. */
export interface SseFrame {
  comment?: string;
  id?: string;
  /** The event's type (`event:` line); absent for the default `message`. */
  event?: string;
  data?: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The next frame; null once the server ended the stream. */
  next(): Promise<SseFrame | null>;
  /** Bytes of the body received so far (frames read or not). */
  bytesReceived(): number;
  close(): Promise<void>;
}

/** A minimal SSE reader over fetch, so tests see exactly the bytes the server sent. */
export async function openSse(url: string, token: string): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let bytes = 0;
  const next = async (): Promise<SseFrame | null> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parseFrame(block);
      }
      const { value, done } = await reader.read();
      if (done) return null;
      bytes += value.byteLength;
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { status: res.status, headers: res.headers, next, bytesReceived: () => bytes, close: async () => controller.abort() };
}

function parseFrame(block: string): SseFrame {
  const frame: SseFrame = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) frame.data = (frame.data === undefined ? '' : `${frame.data}\n`) + line.slice(6);
  }
  return frame;
}

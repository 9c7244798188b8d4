import { createHash } from 'node:crypto';

/** Indented JSON with arrays of numbers and short strings on one line, as docs/node-protocol.md shows it. */
export function prettyJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(/\[\s+([-\d.eE+",\s]*?)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);
  return `${text}\n`;
}

/** `0000: 43 58 …`: 16 bytes a line, the offset of the line's first byte in hex. */
export function hexLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const hex = Array.from(bytes.subarray(at, at + 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${at.toString(16).padStart(4, '0')}: ${hex}`);
  }
  return lines;
}

export function bytesOfLines(lines: string[]): Buffer {
  return Buffer.from(lines.map((line) => line.slice(6).replace(/ /g, '')).join(''), 'hex');
}

/** A binary fixture's text: its sha256, its bytes as hex lines, then its decoded content under `key`. */
export function goldenBytesText(bytes: Uint8Array, key: string, content: unknown): string {
  return prettyJson({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: hexLines(bytes), [key]: content });
}

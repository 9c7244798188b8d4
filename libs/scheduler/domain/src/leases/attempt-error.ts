import type { AttemptError } from '@corex/events';

/** Code recorded when a node reports an error without one (free text, or an older node). */
export const UNCODED_NODE_ERROR = 'NODE.TASK_FAILED';

const CODE = /^[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+$/;
const LEADING_CODE = /^([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+):\s*([\s\S]*)$/;
const MAX_MESSAGE = 500;

/**
 * A node's `release` error (`"<CODE>: <message>"`, see docs/node-protocol.md) as an attempt error
 * the job's owner may read: the code when it is one (≤ 64 chars, dotted upper case), else
 * NODE.TASK_FAILED; the message without control characters or broken surrogates, ≤ 500 chars.
 * Null when the node said nothing.
 */
export function nodeAttemptError(raw: string | undefined): AttemptError | null {
  if (raw === undefined || !raw.trim()) return null;
  const match = LEADING_CODE.exec(raw.trim());
  const coded = match && match[1]!.length <= 64;
  return attemptError(coded ? match[1]! : UNCODED_NODE_ERROR, coded ? match[2]! : raw);
}

/** An attempt error with its code checked and its message sanitized and bounded. */
export function attemptError(code: string, message: string): AttemptError {
  const clean = message
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return { code: CODE.test(code) && code.length <= 64 ? code : UNCODED_NODE_ERROR, message: clip(clean, MAX_MESSAGE) };
}

/** `text` cut to at most `max` UTF-16 units, ending in … when cut, never in half a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

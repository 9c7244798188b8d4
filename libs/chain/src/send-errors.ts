/**
 * What a refused eth_sendRawTransaction means for the signer:
 * known: the node has it already; nonce-used: its nonce is mined (ours or another's: the receipt
 * decides); underpriced: re-sign with higher fees; retry: the node or the way to it failed, or the
 * account lacks funds for now; rejected: this transaction can never be taken (fill its nonce).
 */
export type SendErrorKind = 'known' | 'nonce-used' | 'underpriced' | 'retry' | 'rejected';

export function classifySendError(err: unknown): SendErrorKind {
  const e = err as { code?: string; message?: string; info?: unknown; error?: unknown };
  let text = `${e?.message ?? ''}`;
  try {
    text += ` ${JSON.stringify(e?.info ?? '')} ${JSON.stringify(e?.error ?? '')}`;
  } catch {
    // a circular detail: the message alone decides
  }
  text = text.toLowerCase();
  if (/already known|known transaction|already imported|already exists|alreadyknown/.test(text)) return 'known';
  if (e?.code === 'NONCE_EXPIRED' || /nonce too low|nonce has already been used|oldnonce/.test(text)) return 'nonce-used';
  if (e?.code === 'REPLACEMENT_UNDERPRICED' || /underpriced|fee too low|less than (the )?block base fee|max fee per gas less than/.test(text)) return 'underpriced';
  if (e?.code === 'INSUFFICIENT_FUNDS' || /insufficient funds/.test(text)) return 'retry';
  if (['NETWORK_ERROR', 'TIMEOUT', 'SERVER_ERROR', 'ECONNREFUSED', 'ECONNRESET'].includes(e?.code ?? '') || /econnrefused|econnreset|fetch failed|socket hang up|timeout|network/.test(text)) return 'retry';
  if (e?.code === 'UNKNOWN_ERROR' && !/invalid|intrinsic gas|gas limit|exceeds|too (high|big|large)|not supported|chain id/.test(text)) return 'retry';
  return 'rejected';
}

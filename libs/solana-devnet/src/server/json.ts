const BIGINT_MARK = 'bigint\u0000';

/**
 * JSON.stringify that writes bigints as plain JSON numbers, however large: lamports, rent epochs and
 * token amounts are u64 on Solana, and @solana/kit parses every integer of a response as a bigint.
 */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${BIGINT_MARK}${v}` : v)).replace(
    /"bigint\\u0000(-?\d+)"/g,
    '$1',
  );
}

/** CXT has 18 decimals, like the ERC-20 token that carries it. */
export const CXT_DECIMALS = 18;
const AMOUNT = /^(0|[1-9]\d{0,17})(\.\d{1,18})?$/;

/** Parses a decimal CXT string into base units (wei-like), or null when malformed. */
export function parseCxt(amount: string): bigint | null {
  if (!AMOUNT.test(amount)) return null;
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole!) * 10n ** BigInt(CXT_DECIMALS) + BigInt(fraction.padEnd(CXT_DECIMALS, '0'));
}

/** Formats base units back to the shortest decimal string. */
export function formatCxt(units: bigint): string {
  const scale = 10n ** BigInt(CXT_DECIMALS);
  const whole = units / scale;
  const fraction = (units % scale).toString().padStart(CXT_DECIMALS, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

import { z } from 'zod';

/** Ids that are safe as a NATS subject token. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
/** Non-negative CXT amount as a decimal string with at most 18 decimals. */
export const cxtAmountSchema = z.string().regex(/^(0|[1-9]\d{0,17})(\.\d{1,18})?$/);
export const isoTimeSchema = z.iso.datetime({ offset: true });

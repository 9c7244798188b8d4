import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { isoTimeSchema } from './common';

/** A node message refused by the network (bad signature, stale, malformed); kept for audit. */
export const NodeMessageRejected = defineEvent(
  'corex.security.node-message-rejected',
  1,
  z.object({
    claimedNodeId: z.string().max(128),
    messageKind: z.string().max(64),
    code: z.string().max(64),
    reason: z.string().max(500),
    rejectedAt: isoTimeSchema,
  }),
);
export type NodeMessageRejectedData = DataOf<typeof NodeMessageRejected>;

export const securityEvents = [NodeMessageRejected] as const;

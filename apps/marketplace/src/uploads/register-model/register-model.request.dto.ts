import { z } from 'zod';
import type { TensorSignature } from '@corex/marketplace-domain';

/** Query of POST /v1/models. */
export const registerModelQuerySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
});

export const modelMediaTypes = ['application/octet-stream'] as const;

/** 201 body: the registered model. */
export interface ModelView {
  id: string;
  name: string;
  tasks: string[];
  inputs: TensorSignature[];
  outputs: TensorSignature[];
  graphHash: string;
}

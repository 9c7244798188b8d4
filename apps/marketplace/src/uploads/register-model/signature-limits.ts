import { z } from 'zod';
import { tensorSignatureSchema } from '@corex/events';
import { ValidationError } from '@corex/platform';
import type { OnnxSignature } from './onnx-signature';

const recordable = z.object({
  inputs: z.array(tensorSignatureSchema).min(1).max(64),
  outputs: z.array(tensorSignatureSchema).min(1).max(64),
});

/**
 * A graph onnxruntime loads may still name more inputs, dims or longer symbolic dimensions than
 * the ModelRegistered event holds: refused here with a 400, before anything is stored.
 */
export function assertRecordableSignature(signature: OnnxSignature): void {
  const parsed = recordable.safeParse(signature);
  if (parsed.success) return;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new ValidationError('MODEL.SIGNATURE_UNSUPPORTED', `the model's inputs and outputs exceed what Corex records: ${issues.join('; ')}`, { issues });
}

import { Inject, Injectable } from '@nestjs/common';
import { subjects, type ModelRegisteredData } from '@corex/events';
import { readTrainableGraph } from '@corex/compute';
import type { EventLog } from '@corex/eventstore';
import { decideModel } from '@corex/marketplace-domain';
import { deterministicId, sha256Hex, ValidationError, type Logger } from '@corex/platform';
import type { DataSource } from 'typeorm';
import type { Projectors } from '../../infrastructure/projectors';
import { CLOCK, DATA_SOURCE, EVENT_LOG, LOGGER, PROJECTORS, type Clock } from '../../infrastructure/tokens';
import { assertStorableStrings, BODY_LIMITS } from '../../http/request-strings';
import { assertNameFreeInReadModel } from '../upload-listing';
import { registerUpload, type Registration } from '../upload-registration';
import { inspectOnnx } from './onnx-signature';
import { assertRecordableSignature } from './signature-limits';
import type { ModelView } from './register-model.request.dto';

@Injectable()
export class RegisterModelHandler {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Validates the graph by loading it, stores it by hash and registers it once per account, under a name of its own. */
  async execute(accountId: string, name: string, bytes: Uint8Array): Promise<Registration<ModelView>> {
    if (!bytes.length) throw new ValidationError('REQUEST.BODY_REQUIRED', 'the ONNX file is required as the request body');
    const { inputs, outputs } = await inspectOnnx(bytes);
    // Tensor names and symbolic dimensions come from the uploaded graph and are stored in ModelRegistered.
    assertStorableStrings({ inputs, outputs }, 'body.graph', { ...BODY_LIMITS, value: 128 });
    assertRecordableSignature({ inputs, outputs });
    const graphHash = sha256Hex(bytes);
    const modelId = deterministicId('model', accountId, graphHash);
    await assertNameFreeInReadModel(this.ds, 'model', accountId, name, modelId);
    const now = this.clock();
    const registration = await registerUpload<ModelRegisteredData>({
      log: this.log,
      projectors: this.projectors,
      logger: this.logger,
      subject: subjects.model(modelId),
      projection: 'marketplace.models',
      blob: bytes,
      name: { uploadKind: 'model', accountId, name, uploadId: modelId, now },
      decide: (state) =>
        decideModel(
          { kind: 'RegisterModel', model: { modelId, accountId, name, graphHash, bytes: bytes.length, inputs, outputs }, trainable: isTrainable(bytes), now },
          state,
        ),
    });
    return { created: registration.created, data: toModelView(registration.data) };
  }
}

function toModelView(d: ModelRegisteredData): ModelView {
  return { id: d.modelId, name: d.name, tasks: d.tasks, inputs: d.inputs, outputs: d.outputs, graphHash: d.graphHash };
}

/** Whether the graph follows the trainable contract (docs/trainable-models.md). */
function isTrainable(bytes: Uint8Array): boolean {
  try {
    readTrainableGraph(bytes);
    return true;
  } catch {
    return false;
  }
}

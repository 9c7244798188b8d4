import { notFound, pathParam, problemResponse, type PathItems } from '../openapi.helpers';

/** The trained model of a training job, ready for onnxruntime anywhere. */
export const trainingPaths: PathItems = {
  '/v1/jobs/{id}/model': {
    get: {
      operationId: 'downloadJobModel',
      tags: ['jobs'],
      summary: 'The trained model of a completed training job, as an ONNX file',
      description:
        'An ONNX inference graph (opset 13) with the trained weights and the training split’s feature standardization baked in as initializers: ' +
        'feed raw features `x` float32 [rows, features] (in the dataset’s column order) and read `probabilities` float32 [rows, classes] ' +
        '(classification) or `prediction` float32 [rows, 1] (regression). metadata_props name them: `corex.objective`, `corex.feature_names` and ' +
        '`corex.class_names` (JSON arrays), `corex.target_name`, `corex.standardized`, `corex.source`. The same weights run on the network with ' +
        'an inference job naming the training job’s `result.weightsHash` in `params.weights`.',
      parameters: [pathParam('id', 'The id of one of your training jobs')],
      responses: {
        200: {
          description: 'The model; ETag is its sha256 (result.modelHash)',
          headers: {
            ETag: { description: 'The sha256 of the file, quoted', schema: { type: 'string', maxLength: 66 } },
            'Content-Disposition': { description: 'attachment; filename="corex-model-<job id>.onnx"', schema: { type: 'string', maxLength: 128 } },
          },
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: 64 * 1024 * 1024 } } },
        },
        404: notFound(
          'JOB.NOT_FOUND: no such job among yours (another account’s answers the same); JOB.MODEL_NOT_FOUND: the job is not a training job; ' +
            'JOB.MODEL_NOT_READY: the training job has no trained model yet (still running, failed or cancelled; details.status says which)',
        ),
        503: problemResponse('JOB.MODEL_UNAVAILABLE: the stored model cannot be read right now; retry later'),
      },
    },
  },
  '/v1/jobs/{id}/report.svg': {
    get: {
      operationId: 'getJobReport',
      tags: ['jobs'],
      summary: 'Training curves of a training job as SVG: loss and held-out accuracy per step, rejected updates and stragglers per step',
      description: 'One point per step (every step at /v1/jobs/{id}/steps). `npm run report -- --job <id>` writes it to a file. Linked from the job view as `links.report`.',
      parameters: [pathParam('id', 'The id of one of your training jobs')],
      responses: {
        200: {
          description: 'A self-contained SVG document',
          content: { 'image/svg+xml': { schema: { type: 'string', maxLength: 64 * 1024 * 1024 } } },
        },
        404: notFound(
          'JOB.NOT_FOUND: no such job among yours (another account’s answers the same); JOB.REPORT_NOT_FOUND: the job is not a training job (details.type)',
        ),
      },
    },
  },
};

import { errors, json, problemResponse, type PathItems } from '../openapi.helpers';

const uploaded = (what: string) => ({
  201: json(`${what} registered`),
  200: json('The same content was registered before: the first registration'),
  413: errors[413],
  415: errors[415],
});

/** DATASET_LIMIT_BYTES's default: a CSV has at most that many characters, a JSON table a third as many rows (`{},`). */
const DATASET_DEFAULT_BYTES = 8 * 1024 * 1024;

/** Uploads of datasets and models. */
export const uploadsPaths: PathItems = {
  '/v1/datasets': {
    post: {
      operationId: 'uploadDataset',
      tags: ['datasets'],
      summary: 'Upload a dataset (CSV with a header row, or a JSON array of flat objects); feature columns must be numeric',
      parameters: [
        { name: 'name', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } },
        { name: 'label', in: 'query', required: false, schema: { type: 'string', maxLength: 100 }, description: 'Label column: its values become classes' },
      ],
      requestBody: {
        required: true,
        description: 'At most 8 MiB by default (DATASET_LIMIT_BYTES)',
        content: {
          'text/csv': { schema: { type: 'string', maxLength: DATASET_DEFAULT_BYTES }, example: 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n' },
          'application/json': { schema: { type: 'array', maxItems: Math.floor(DATASET_DEFAULT_BYTES / 3), items: { type: 'object', maxProperties: 1025 } } },
        },
      },
      responses: { ...uploaded('Dataset: {id, name, rows, features, classes, blobHash}'), 400: problemResponse('Invalid dataset') },
    },
  },
  '/v1/models': {
    post: {
      operationId: 'uploadModel',
      tags: ['models'],
      summary: 'Upload an ONNX model; it is loaded with onnxruntime to validate it and read its inputs and outputs',
      parameters: [{ name: 'name', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } }],
      requestBody: {
        required: true,
        description:
          'At most 16 MiB by default (MODEL_LIMIT_BYTES)',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: 16 * 1024 * 1024 } } },
      },
      responses: { ...uploaded('Model: {id, name, tasks, inputs, outputs, graphHash}'), 400: problemResponse('Invalid model') },
    },
  },
};

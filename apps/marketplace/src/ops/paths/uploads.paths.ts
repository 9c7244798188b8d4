import type { z } from 'zod';
import { datasetViewSchema, modelViewSchema } from '../../uploads/upload-listing.schema';
import { errors, jsonResponse, named, problemResponse, type PathItems } from '../openapi.helpers';

const uploaded = (what: string, view: z.ZodType, example?: unknown) => ({
  201: jsonResponse(`${what} registered`, view, { example }),
  200: jsonResponse('The same content was registered before: the first registration', view, { example }),
  413: errors[413],
  415: errors[415],
});
const registeredDataset = named('RegisteredDataset', datasetViewSchema);
const registeredModel = named('RegisteredModel', modelViewSchema);

/** DATASET_LIMIT_BYTES's default bounds a CSV; DATASET_JSON_LIMIT_BYTES's a JSON table (a third as many rows: `{},`). */
const DATASET_DEFAULT_BYTES = 1024 * 1024 * 1024;
const DATASET_JSON_DEFAULT_BYTES = 8 * 1024 * 1024;

/** Uploads of datasets and models. */
export const uploadsPaths: PathItems = {
  '/v1/datasets': {
    post: {
      operationId: 'uploadDataset',
      tags: ['datasets'],
      summary: 'Upload a dataset (CSV with a header row, or a JSON array of flat objects); feature columns must be numeric',
      parameters: [
        { name: 'name', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } },
        { name: 'label', in: 'query', required: false, schema: { type: 'string', maxLength: 100 }, description: 'Label column (classification): its values become classes, tensor y int64 [rows]' },
        {
          name: 'target',
          in: 'query',
          required: false,
          schema: { type: 'string', maxLength: 100 },
          description: 'Target column (regression): numeric, stored as tensor t float32 [rows]; not together with label',
        },
      ],
      requestBody: {
        required: true,
        description:
          'CSV streams in (parsed by csv-parse and typed row by row): at most 1 GiB by default (DATASET_LIMIT_BYTES). A JSON array is parsed whole: at most 8 MiB by default (DATASET_JSON_LIMIT_BYTES)',
        content: {
          'text/csv': { schema: { type: 'string', maxLength: DATASET_DEFAULT_BYTES }, example: 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n' },
          'application/json': { schema: { type: 'array', maxItems: Math.floor(DATASET_JSON_DEFAULT_BYTES / 3), items: { type: 'object', maxProperties: 1025 } } },
        },
      },
      responses: {
        ...uploaded('Dataset', registeredDataset, {
          id: '0193a2f3-0b8e-7c55-8a41-6f0d2e9b7c13',
          name: 'my-flowers',
          rows: 150,
          features: ['sepal', 'petal'],
          classes: ['setosa', 'versicolor', 'virginica'],
          blobHash: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184',
        }),
        400: problemResponse('Invalid dataset: DATASET.VALUE_INVALID (details: row, column), DATASET.CSV_MALFORMED (details: row, line), DATASET.LABEL_UNKNOWN, DATASET.TARGET_UNKNOWN, DATASET.EMPTY, …'),
        409: problemResponse('DATASET.NAME_TAKEN: another of your datasets has this name (details.existingId); delete it or pick another name'),
      },
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
      responses: {
        ...uploaded('Model', registeredModel),
        400: problemResponse('Invalid model'),
        409: problemResponse('MODEL.NAME_TAKEN: another of your models has this name (details.existingId); delete it or pick another name'),
      },
    },
  },
};

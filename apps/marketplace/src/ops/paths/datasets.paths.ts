import {
  datasetListingSchema,
  datasetsPageSchema,
  modelListingSchema,
  modelsPageSchema,
} from '../../uploads/upload-listing.schema';
import { jsonResponse, named, notFound, pathParam, problemResponse, type PathItems } from '../openapi.helpers';

const datasetListing = named('Dataset', datasetListingSchema);
const modelListing = named('Model', modelListingSchema);
const page = [
  { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
  {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'nextCursor of the previous page',
    schema: { type: 'string', minLength: 1, maxLength: 24, pattern: '^[A-Za-z0-9_-]{1,24}$' },
  },
];
const invalidQuery = problemResponse('REQUEST.INVALID_QUERY: limit or cursor is invalid (details names the field); REQUEST.INVALID_STRING');
const exampleDataset = {
  id: 'f3b0c44298fc1c149afbf4c8996fb924',
  name: 'my-flowers',
  rows: 150,
  features: ['sepal', 'petal'],
  classes: ['setosa', 'versicolor', 'virginica'],
  blobHash: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184',
  bytes: 1912,
  registeredAt: '2026-11-30T02:00:00.000Z',
};

/** The caller's own uploads: list (newest first, paged), read, delete. */
function uploadRoutes(kind: 'dataset' | 'model'): PathItems {
  const Kind = kind === 'dataset' ? 'Dataset' : 'Model';
  const listing = kind === 'dataset' ? datasetListing : modelListing;
  const pageSchema = kind === 'dataset' ? datasetsPageSchema : modelsPageSchema;
  const missing = notFound(`${kind.toUpperCase()}.NOT_FOUND: no such ${kind} among yours (deleted, or another account’s: it answers the same)`);
  const id = pathParam('id', `The ${kind} id the upload returned`);
  return {
    [`/v1/${kind}s`]: {
      get: {
        operationId: `list${Kind}s`,
        tags: [`${kind}s`],
        summary: `Your ${kind}s, newest first, paged`,
        ...(kind === 'dataset'
          ? {
              description:
                'Your uploads and the outputs of your preprocessing jobs submitted with params.outputDataset (registered under that name when the job completes: ' +
                'the transformed features x, with the input\'s labels or targets; docs/preprocessing.md). Any of your jobs can name them.',
            }
          : {}),
        parameters: page,
        responses: {
          200: jsonResponse(`A page of your ${kind}s`, pageSchema, kind === 'dataset' ? { example: { items: [exampleDataset], nextCursor: null } } : {}),
          400: invalidQuery,
        },
      },
    },
    [`/v1/${kind}s/{id}`]: {
      get: {
        operationId: `get${Kind}`,
        tags: [`${kind}s`],
        summary: `One of your ${kind}s`,
        parameters: [id],
        responses: { 200: jsonResponse(Kind, listing), 404: missing },
      },
      delete: {
        operationId: `delete${Kind}`,
        tags: [`${kind}s`],
        summary: `Delete one of your ${kind}s`,
        description:
          `Appends ${Kind}Deleted: the ${kind} leaves your listings and the catalog, its name is free again, and new jobs naming it are refused ` +
          `(JOB.${kind.toUpperCase()}_UNKNOWN). Jobs submitted before run to their end on the data they were accepted with. The stored bytes ` +
          'are not erased: blobs are content-addressed and may back other registrations; nothing reaches them through your account any more.',
        parameters: [id],
        responses: { 204: { description: 'Deleted' }, 404: missing },
      },
    },
  };
}

const datasetData: PathItems = {
  '/v1/datasets/{id}/data': {
    get: {
      operationId: 'downloadDataset',
      tags: ['datasets'],
      summary: 'Download one of your datasets: CSV in the upload\'s column order (streamed), or the stored tensor map',
      description:
        'CSV: the header row as uploaded (features, and the label or target column where it stood), numbers as the shortest decimal that reads back the same float32, labels as their class names. tensors: the blob as stored (x float32 [rows, features], y int64 class indices or t float32 targets); its sha256 is blobHash.',
      parameters: [
        pathParam('id', 'The dataset id the upload returned'),
        { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['csv', 'tensors'], default: 'csv' } },
      ],
      responses: {
        200: {
          description: 'The data',
          content: {
            'text/csv': { schema: { type: 'string', maxLength: 4 * 1024 * 1024 * 1024 }, example: 'bill,species,flipper\n39.1,adelie,181\n' },
            'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: 4 * 1024 * 1024 * 1024 } },
          },
        },
        400: invalidQuery,
        404: notFound('DATASET.NOT_FOUND: no such dataset among yours (deleted, or another account’s: it answers the same)'),
      },
    },
  },
};

export const datasetsPaths: PathItems = { ...uploadRoutes('dataset'), ...uploadRoutes('model'), ...datasetData };

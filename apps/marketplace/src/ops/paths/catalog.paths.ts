import { json, type PathItems } from '../openapi.helpers';

export const catalogPaths: PathItems = {
  '/v1/catalog': {
    get: {
      operationId: 'getCatalog',
      tags: ['catalog'],
      summary: "Models and datasets a job can name: the built-in ones, then the caller's uploads",
      responses: { 200: json('Catalog') },
    },
  },
};

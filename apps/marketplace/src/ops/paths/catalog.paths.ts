import { catalogSchema } from '../../catalog/catalog.schema';
import { jsonResponse, type PathItems } from '../openapi.helpers';

export const catalogPaths: PathItems = {
  '/v1/catalog': {
    get: {
      operationId: 'getCatalog',
      tags: ['catalog'],
      summary: "Models and datasets a job can name: the built-in ones, then the caller's uploads",
      description: 'A job names a model or dataset by its id, or an upload also by its name. Your uploads are paged at GET /v1/datasets and GET /v1/models.',
      responses: {
        200: jsonResponse('The catalog', catalogSchema, {
          example: {
            models: [
              { id: 'mlp', origin: 'builtin', tasks: ['inference', 'training', 'feature-extraction'], inputs: 'any', objectives: ['classification', 'regression'] },
              { id: 'penguins-mlp', origin: 'builtin', tasks: ['inference', 'training', 'feature-extraction'], inputs: 4, classes: 3, dataset: 'penguins', objectives: ['classification'] },
            ],
            datasets: [
              { id: 'penguins', origin: 'builtin', rows: 342, features: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'], classes: ['Adelie', 'Chinstrap', 'Gentoo'] },
              { id: '0193a2f3-0b8e-7c55-8a41-6f0d2e9b7c13', name: 'weather', origin: 'upload', rows: 1461, features: ['precipitation', 'temp_max', 'temp_min', 'wind'], classes: ['drizzle', 'fog', 'rain', 'snow', 'sun'] },
            ],
          },
        }),
      },
    },
  },
};

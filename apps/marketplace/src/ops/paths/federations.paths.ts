import { federationViewSchema } from '../../federations/federation.view.schema';
import { jsonResponse, notFound, pathParam, type PathItems } from '../openapi.helpers';

const exampleFederation = {
  name: 'penguin-clinics',
  members: 3,
  totalRows: 333,
  featureNames: ['beak_length', 'beak_depth', 'flipper_length', 'body_mass'],
  classNames: ['Adelie', 'Chinstrap', 'Gentoo'],
  schemaHash: '5f1c0b7e9a3d4c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b4a3',
  nodes: [
    { nodeId: 'UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4', rows: 111 },
    { nodeId: 'UDZ3UK5ZQ7PSQNFRS6XWQV4L6CUTTCHLRNIKBRBYCTJ6ZL4QSVFGRRCA', rows: 110 },
    { nodeId: 'UBSGBWDXOPBLMKPFAH6BVBNDTFC6SNQ2H2KDLE6T4NDTUJYJ7Z7E3BF3', rows: 112 },
  ],
};

export const federationsPaths: PathItems = {
  '/v1/federations/{name}': {
    get: {
      operationId: 'getFederation',
      tags: ['datasets'],
      summary: "A federation's schema, member count and total rows, with each member's node id and row count (never its data)",
      description:
        'Nodes register private datasets under a federation with `node-runner dataset add` (docs/federated.md); a training job names it as `dataset: "federation:<name>"` with `params.federated`.',
      parameters: [pathParam('name', 'The federation name')],
      responses: { 200: jsonResponse('The federation', federationViewSchema, { example: exampleFederation }), 404: notFound('FEDERATION.NOT_FOUND: no node holds a dataset under this name') },
    },
  },
};

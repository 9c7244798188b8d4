import { assignmentViewSchema } from '../../nodes/get-assignment/assignment.view.schema';
import { json, jsonResponse, notFound, pathParam, type PathItems } from '../openapi.helpers';

export const nodesPaths: PathItems = {
  '/v1/nodes/{id}': {
    get: {
      operationId: 'getNode',
      tags: ['nodes'],
      summary: "A node's hardware, benchmark and status",
      parameters: [pathParam('id', "The node's id (its public key)")],
      responses: { 200: json('Node'), 404: notFound('NODE.NOT_FOUND') },
    },
  },
  '/v1/nodes/{nodeId}/assignments/{fragmentId}': {
    get: {
      operationId: 'getAssignment',
      tags: ['nodes'],
      summary: "The latest lease of one of the caller's fragments to a node, with the score breakdown and a one-line explanation",
      parameters: [pathParam('nodeId'), pathParam('fragmentId')],
      responses: { 200: jsonResponse('The assignment, with the error a failed lease ended with', assignmentViewSchema), 404: notFound('No such assignment among the caller’s jobs') },
    },
  },
};

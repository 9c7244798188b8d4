import { createAccountRequestSchema } from '../../accounts/create-account/create-account.request.dto';
import { createdAccountSchema } from '../../accounts/create-account/created-account.schema';
import { errors, jsonRequestBody, jsonResponse, named, problemResponse, type PathItems } from '../openapi.helpers';

export const accountsPaths: PathItems = {
  '/v1/accounts': {
    post: {
      operationId: 'createAccount',
      tags: ['accounts'],
      summary: 'Create an account (admin); the API key is shown once',
      description: 'Authenticated with the marketplace operator’s COREX_ADMIN_TOKEN, not an API key.',
      security: [{ adminToken: [] }],
      requestBody: jsonRequestBody(named('CreateAccountRequest', createAccountRequestSchema)),
      responses: {
        201: jsonResponse('Account created', createdAccountSchema, {
          example: { id: '0193a2f2-9a1c-7d4e-b6a0-3c5e7f9b1d24', name: 'acme', apiKey: 'cxk_gSqkFJTOwqvF7xw2KTgz-PQ1LptWfQPZIykOqKNEwtE', createdAt: '2026-11-30T02:00:00.000Z' },
        }),
        400: problemResponse('REQUEST.INVALID_BODY (details names the field), REQUEST.MALFORMED_JSON, REQUEST.INVALID_STRING'),
        413: errors[413],
        415: errors[415],
      },
    },
  },
};

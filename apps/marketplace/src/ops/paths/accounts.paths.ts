import { createAccountRequestSchema } from '../../accounts/create-account/create-account.request.dto';
import { errors, json, jsonRequestBody, named, type PathItems } from '../openapi.helpers';

export const accountsPaths: PathItems = {
  '/v1/accounts': {
    post: {
      operationId: 'createAccount',
      tags: ['accounts'],
      summary: 'Create an account (admin); the API key is shown once',
      security: [{ adminToken: [] }],
      requestBody: jsonRequestBody(named('CreateAccountRequest', createAccountRequestSchema)),
      responses: { 201: json('Account created: {id, name, apiKey, createdAt}'), 413: errors[413], 415: errors[415] },
    },
  },
};

import { GENERATED_FILES, generateClientTypes as generateTypes } from '../../../../../libs/client/codegen/generate-types';

/** The marketplace's types as @corex/client commits them (libs/client/src/generated; `npm run gen:client`). */
export const GENERATED_CLIENT_FILE = GENERATED_FILES.marketplace;

/** TypeScript types of the marketplace's OpenAPI document, as a client of the API would generate them. */
export function generateClientTypes(document: object): Promise<string> {
  return generateTypes('marketplace', document);
}

import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Validates values against the component schemas of a served OpenAPI document (JSON Schema
 * 2020-12, as OpenAPI 3.1 uses): what the server answered must be what the document says.
 * Returns the errors, empty when the value conforms.
 */
export function documentSchemas(document: { components: { schemas: Record<string, unknown> } }) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const format of ['int32', 'int64', 'binary']) ajv.addFormat(format, true);
  const id = 'https://corex.invalid/openapi.json';
  ajv.addSchema({ $id: id, components: document.components });
  return (name: string, value: unknown): string[] => {
    const validate = ajv.getSchema(`${id}#/components/schemas/${name}`);
    if (!validate) return [`no schema ${name} in the document`];
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message}`);
  };
}

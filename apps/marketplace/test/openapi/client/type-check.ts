import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

/** A correct call, compiled the same way as each mistake: proves the mistakes fail for their own reason. */
export const CONTROL = `const job = await api.call('/v1/jobs/{id}', 'get', { token: 'k', path: { id: 'j' } }); if (job.status === 200) { const s: string = job.body.status; }`;

/** Mistakes a client must not get past the compiler: each is a call the document does not allow. */
export const MISTAKES: Record<string, string> = {
  unknownPath: `await api.call('/v1/jobz', 'get', { token: 'k' });`,
  undocumentedMethod: `await api.call('/v1/catalog', 'delete', { token: 'k' });`,
  missingPathParam: `await api.call('/v1/jobs/{id}', 'get', { token: 'k' });`,
  budgetAsNumber: `await api.call('/v1/jobs', 'post', { token: 'k', body: { type: 'application/json', value: { type: 'training', model: 'mlp', dataset: 'd', budget: 5 } } });`,
  missingBudget: `await api.call('/v1/jobs', 'post', { token: 'k', body: { type: 'application/json', value: { type: 'training', model: 'mlp', dataset: 'd' } } });`,
  unknownJobType: `await api.call('/v1/jobs', 'post', { token: 'k', body: { type: 'application/json', value: { type: 'mining', model: 'mlp', dataset: 'd', budget: '1' } } });`,
  paramOfWrongType: `await api.call('/v1/jobs', 'post', { token: 'k', body: { type: 'application/json', value: { type: 'training', model: 'mlp', dataset: 'd', budget: '1', params: { epochs: '5' } } } });`,
  csvAsJson: `await api.call('/v1/datasets', 'post', { token: 'k', query: { name: 'n' }, body: { type: 'application/json', value: 'a,b\\n1,2' } });`,
  unknownField: `const job = await api.call('/v1/jobs/{id}', 'get', { token: 'k', path: { id: 'j' } }); if (job.status === 200) job.body.statuz;`,
  bodyOfProblem: `const job = await api.call('/v1/jobs/{id}', 'get', { token: 'k', path: { id: 'j' } }); if (job.status === 404) { const p: { total: number } = job.body.progress; const c: number = job.body.code; }`,
  wrongStatusField: `const job = await api.call('/v1/jobs/{id}', 'get', { token: 'k', path: { id: 'j' } }); if (job.status === 200) { const s: 'done' = job.body.status; }`,
};

export interface TypeCheck {
  /** Diagnostics of the flow: none when it type-checks. */
  flow: string[];
  /** Per mistake, whether the compiler refused it. */
  refused: Record<string, boolean>;
}

const format = (d: ts.Diagnostic) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;

/**
 * Type-checks the client flow (job-flow.ts over typed-fetch.ts) against `generatedTypes` in a
 * temporary directory, strict, as a customer's project would; and each of MISTAKES on its own.
 */
export function typeCheckClient(generatedTypes: string): TypeCheck {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corex-client-'));
  try {
    writeFileSync(path.join(dir, 'corex-api.ts'), generatedTypes);
    for (const file of ['typed-fetch.ts', 'job-flow.ts']) writeFileSync(path.join(dir, file), readFileSync(path.join(__dirname, file)));
    const mistakes = Object.entries({ control: CONTROL, ...MISTAKES }).map(([name, code]) => {
      const file = path.join(dir, `mistake-${name}.ts`);
      writeFileSync(file, `import { createClient } from './typed-fetch';\nexport async function mistake() {\n  const api = createClient('http://x');\n  ${code}\n}\n`);
      return { name, file };
    });
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
      noUnusedLocals: false,
    };
    const flowFile = path.join(dir, 'job-flow.ts');
    const program = ts.createProgram([flowFile, ...mistakes.map((m) => m.file)], options);
    const diagnosticsOf = (file: string) => [...program.getSyntacticDiagnostics(program.getSourceFile(file)), ...program.getSemanticDiagnostics(program.getSourceFile(file))];
    const flow = [...program.getGlobalDiagnostics(), ...diagnosticsOf(flowFile), ...diagnosticsOf(path.join(dir, 'typed-fetch.ts')), ...diagnosticsOf(path.join(dir, 'corex-api.ts'))].map(format);
    const refused = Object.fromEntries(mistakes.map((m) => [m.name, diagnosticsOf(m.file).length > 0]));
    return { flow, refused };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

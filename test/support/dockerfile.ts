import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One instruction of a Dockerfile: its keyword, upper-case, and the rest of its (joined) lines, each run of blanks one space. */
export interface DockerInstruction {
  keyword: string;
  args: string;
}

/** One build stage: its base image, its name (`AS`) if any, and its instructions after FROM. */
export interface DockerStage {
  from: string;
  name?: string;
  instructions: DockerInstruction[];
}

/** A Dockerfile's stages, as `docker build` reads them: comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): DockerStage[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\s*\n/g, ' ');
  const stages: DockerStage[] = [];
  for (const line of joined.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword!.toUpperCase() === 'FROM') {
      const [from, as, name] = args!.split(/\s+/);
      stages.push({ from: from!, ...(as?.toUpperCase() === 'AS' ? { name } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword!.toUpperCase(), args: args!.replace(/\s+/g, ' ') });
    }
  }
  return stages;
}

export function loadDockerfile(file: string): DockerStage[] {
  return parseDockerfile(readFileSync(file, 'utf8'));
}

/** The shell commands a stage RUNs, each `&&`-separated command on its own. */
export function commandsOf(stage: DockerStage): string[] {
  return stage.instructions.filter((i) => i.keyword === 'RUN').flatMap((i) => i.args.split('&&').map((c) => c.trim()));
}

/** Where a relative path lands in a stage: against the last WORKDIR before `index`. */
export function inWorkdir(stage: DockerStage, index: number, target: string): string {
  const workdir = stage.instructions.slice(0, index).filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/';
  return path.posix.resolve(workdir, target);
}

// Minimal Dockerfile reader: instructions with continuation lines joined, grouped into build stages.
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): { preamble: Instruction[]; stages: Stage[] } {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    if (pending && line.trimStart().startsWith('#')) return;
    const chunk = line.endsWith('\\') ? line.slice(0, -1) : line;
    pending = pending
      ? { ...pending, text: `${pending.text} ${chunk.trim()}` }
      : { text: chunk.trim(), line: index + 1 };
    if (!line.endsWith('\\')) {
      const [keyword = '', ...rest] = pending.text.split(/\s+/);
      instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: pending.line });
      pending = undefined;
    }
  });
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.replace(/--platform=\S+\s*/, '').split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) preamble.push(instruction);
    else stages.at(-1)!.instructions.push(instruction);
  }
  return { preamble, stages };
}

/** The effective user of a stage: its last USER, or root when there is none. */
export const finalUser = (stage: Stage): string =>
  stage.instructions
    .filter((i) => i.keyword === 'USER')
    .at(-1)
    ?.args.split(':')[0] ?? 'root';

/** The JSON-array form of an exec instruction (CMD/ENTRYPOINT/HEALTHCHECK CMD), or undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  const json = args.replace(/^(?:--\S+\s+)*(?:CMD\s+)?/, '');
  if (!json.startsWith('[')) return undefined;
  return JSON.parse(json) as string[];
}

/** The final image as one stage: the last stage's instructions after those of the stages it is built FROM. */
export function finalImage(stages: Stage[]): Stage {
  const chain = (stage: Stage): Instruction[] => {
    const parent = stages.find((s) => s.name === stage.from);
    return parent ? [...chain(parent), ...stage.instructions] : stage.instructions;
  };
  const last = stages.at(-1)!;
  return { ...last, instructions: chain(last) };
}

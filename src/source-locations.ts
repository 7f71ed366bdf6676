import { SourceMap } from "module";
import { relative } from "path";

/**
 * Source maps of the TypeScript files scripts/register.js compiled, by absolute path. Empty when
 * something else compiled them (jest maps its own stack traces).
 */
function sourceMaps(): ReadonlyMap<string, string> {
  return (globalThis as Record<symbol, Map<string, string> | undefined>)[Symbol.for("llm-platform-infra.sourceMaps")] ?? new Map();
}

const parsed = new Map<string, SourceMap>();

/** A position in a file: 1-based line and column, as editors show them. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Where a position of compiled code came from in its TypeScript source (unchanged when no map is known). */
export function originalLocation(location: SourceLocation): SourceLocation {
  const map = sourceMaps().get(location.file);
  if (!map) return location;
  let sourceMap = parsed.get(location.file);
  if (!sourceMap) {
    sourceMap = new SourceMap(JSON.parse(map));
    parsed.set(location.file, sourceMap);
  }
  const entry = sourceMap.findEntry(location.line - 1, location.column - 1) as {
    originalLine?: number;
    originalColumn?: number;
  };
  if (entry.originalLine === undefined || entry.originalColumn === undefined) return location;
  return { file: location.file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

const FRAME = /^(\s*at .*?\(?)(\/[^():]+\.ts):(\d+):(\d+)(\)?)$/;

/** A stack trace with every frame in a TypeScript file pointing at the source line. */
export function mapStack(stack: string): string {
  return stack
    .split("\n")
    .map((line) => {
      const match = FRAME.exec(line);
      if (!match) return line;
      const { file, line: row, column } = originalLocation({ file: match[2], line: Number(match[3]), column: Number(match[4]) });
      return `${match[1]}${file}:${row}:${column}${match[5]}`;
    })
    .join("\n");
}

/** The first frame of `stack` inside `directory`, mapped to the source and relative to the working directory. */
export function firstFrameIn(stack: string, directory: string): SourceLocation | undefined {
  for (const line of stack.split("\n")) {
    const match = FRAME.exec(line);
    if (!match || !match[2].startsWith(`${directory}/`)) continue;
    const location = originalLocation({ file: match[2], line: Number(match[3]), column: Number(match[4]) });
    return { ...location, file: relative(process.cwd(), location.file) };
  }
  return undefined;
}

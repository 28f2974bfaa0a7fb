/**
 * What a parity report keeps of an answer: its HTTP status, errcode and *shape* (keys and value types, never the
 * values), so a report can be shared without secrets, tokens or anyone's data.
 */
export type Shape = string | Shape[] | { [key: string]: Shape };

/** The JSON type tree of a value: `"string"`, `"number"`, `[shape of the first item]`, `{ key: shape }` sorted. */
export function shapeOf(value: unknown, depth = 0): Shape {
  if (depth > 8) return 'deep';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0], depth + 1)];
  if (typeof value === 'object') {
    const out: Record<string, Shape> = {};
    for (const key of Object.keys(value as object).sort())
      out[key] = shapeOf((value as Record<string, unknown>)[key], depth + 1);
    return out;
  }
  return typeof value;
}

/** One call of a scenario, as reported. */
export interface Step {
  /** `GET /cgi-bin/gettoken` (the path only: the query carries secrets). */
  call: string;
  status: number;
  /** The body's errcode; 0 when the platform answered without one (OA successes, files). */
  errcode: number;
  shape: Shape;
  /** Headers that matter to clients (content-type, how many filename= in content-disposition). */
  headers?: Record<string, string | number>;
  /** Milliseconds; never compared. */
  ms: number;
}

export interface ScenarioResult {
  name: string;
  /** Why it did not run (a write without --member, a check the target cannot do). */
  skipped?: string;
  steps: Step[];
}

export interface ParityReport {
  tool: 'wxkit parity';
  version: 1;
  platform: 'wecom' | 'oa';
  /** `emulator` or `real` (the public hosts). */
  target: 'emulator' | 'real';
  scenarios: ScenarioResult[];
}

/**
 * Throws when the serialized report still holds one of the given values (a secret, a token, a member's id): the
 * last guard before a report is written.
 */
export function assertClean(report: ParityReport, secrets: (string | undefined)[]): void {
  const text = JSON.stringify(report);
  for (const secret of secrets)
    if (secret && secret.length >= 4 && text.includes(secret))
      throw new Error(
        'wxkit parity: the report would contain a secret, token or personal value; not written',
      );
}

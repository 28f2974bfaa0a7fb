/**
 * The one shape of a broken platform rule, for core's checks before a call and the emulator's answers: where (a
 * JSON path such as `button[0].sub_button[2].name`), what is wrong, and the errcode the platform answers.
 * `check*` functions return a list of these (empty when fine); `assert*` functions throw a WxConfigError.
 */
export interface RuleProblem {
  field: string;
  message: string;
  errcode: number;
}

export const isRuleProblem = (value: unknown): value is RuleProblem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RuleProblem).errcode === 'number' &&
  typeof (value as RuleProblem).field === 'string' &&
  typeof (value as RuleProblem).message === 'string';

/** A single problem (or none) as the list `check*` returns. */
export const problems = (problem: RuleProblem | undefined): RuleProblem[] => (problem ? [problem] : []);

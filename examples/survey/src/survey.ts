export type Question =
  | { id: string; type: 'single'; title: string; options: string[] }
  | { id: string; type: 'multiple'; title: string; options: string[] }
  | { id: string; type: 'rating'; title: string }
  | { id: string; type: 'text'; title: string; maxLength: number };

export type Answers = Record<string, string | string[] | number>;

export const SURVEY = {
  id: 'workplace-2026',
  title: '2026 年度办公体验问卷',
  intro: '约 1 分钟。你的回答仅用于改进办公环境。',
  questions: [
    {
      id: 'q1',
      type: 'single',
      title: '你通常的通勤方式是？',
      options: ['地铁', '公交', '自驾', '骑行/步行'],
    },
    {
      id: 'q2',
      type: 'multiple',
      title: '希望公司改进哪些方面？（可多选）',
      options: ['工位', '会议室', '食堂', '网络', '休息区'],
    },
    { id: 'q3', type: 'rating', title: '整体满意度（1-5 分）' },
    { id: 'q4', type: 'text', title: '其他建议', maxLength: 500 },
  ] satisfies Question[],
} as const;

export class AnswerError extends Error {
  override name = 'AnswerError';
  constructor(
    readonly question: string,
    message: string,
  ) {
    super(`${question}: ${message}`);
  }
}

/** Checks a submission against the survey; throws AnswerError naming the question and what is wrong. */
export function validateAnswers(input: unknown): Answers {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new AnswerError('answers', 'send an object keyed by question id');
  const raw = input as Record<string, unknown>;
  const known = new Set<string>(SURVEY.questions.map((q) => q.id));
  for (const key of Object.keys(raw))
    if (!known.has(key)) throw new AnswerError(key, 'is not a question of this survey');
  const answers: Answers = {};
  for (const q of SURVEY.questions as readonly Question[]) {
    const value = raw[q.id];
    if (q.type === 'single') {
      if (typeof value !== 'string' || !q.options.includes(value))
        throw new AnswerError(q.id, `choose one of ${q.options.join(' / ')}`);
      answers[q.id] = value;
    } else if (q.type === 'multiple') {
      const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
      if (list.some((v) => typeof v !== 'string' || !q.options.includes(v)))
        throw new AnswerError(q.id, `choose from ${q.options.join(' / ')}`);
      answers[q.id] = [...new Set(list as string[])];
    } else if (q.type === 'rating') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 5) throw new AnswerError(q.id, 'rate from 1 to 5');
      answers[q.id] = n;
    } else {
      const text = value === undefined ? '' : value;
      if (typeof text !== 'string') throw new AnswerError(q.id, 'must be text');
      if ([...text].length > q.maxLength) throw new AnswerError(q.id, `at most ${q.maxLength} characters`);
      answers[q.id] = text.trim();
    }
  }
  return answers;
}

export type Question =
  | { id: string; type: 'single'; title: string; options: string[] }
  | { id: string; type: 'multiple'; title: string; options: string[] }
  | { id: string; type: 'rating'; title: string }
  | { id: string; type: 'text'; title: string; maxLength: number }
  /** Photos taken or picked on the page (chooseImage → uploadImage); optional, at most `max`. */
  | { id: string; type: 'photo'; title: string; max: number };

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
    { id: 'q5', type: 'photo', title: '拍一张你的工位（选填）', max: 3 },
  ] satisfies Question[],
} as const;

/** A media_id as both platforms write them (letters, digits, - and _); the emulator's are 44 characters. */
export const SERVER_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The photo questions' ids: their answers are serverIds on the way in, the kept photos' names once saved. */
export const PHOTO_QUESTIONS: readonly string[] = (SURVEY.questions as readonly Question[])
  .filter((q) => q.type === 'photo')
  .map((q) => q.id);

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
    } else if (q.type === 'photo') {
      const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
      if (list.length > q.max) throw new AnswerError(q.id, `at most ${q.max} photos`);
      if (list.some((v) => typeof v !== 'string' || !SERVER_ID.test(v)))
        throw new AnswerError(q.id, 'send the serverId wx.uploadImage gave for each photo');
      answers[q.id] = [...new Set(list as string[])];
    } else {
      const text = value === undefined ? '' : value;
      if (typeof text !== 'string') throw new AnswerError(q.id, 'must be text');
      if ([...text].length > q.maxLength) throw new AnswerError(q.id, `at most ${q.maxLength} characters`);
      answers[q.id] = text.trim();
    }
  }
  return answers;
}

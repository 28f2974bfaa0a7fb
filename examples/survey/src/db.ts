import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Answers } from './survey.js';

/*
 * The survey's answers in one append-only JSON-lines file: a header line, then one line per submission, each
 * written with a single write() and fsync'd before save() returns. A member's latest line wins.
 *
 * Why not SQLite: better-sqlite3 compiles from source wherever its prebuilt binary cannot be downloaded (most of
 * `npm ci`'s time here, and a hard failure on Windows without build tools); sql.js (wasm) installs anywhere but
 * keeps the database in memory and rewrites the whole file on every save to stay durable. A survey needs neither
 * joins nor queries over more rows than fit in memory, so a log replayed at start is the smallest durable choice.
 * One process owns the file (the survey app runs as one); a second writer would not see the first one's answers.
 */

const HEADER = { wxkit: 'survey-answers', version: 1 };
/** Rewrite the file at open when superseded lines outnumber live ones and there are at least this many. */
const COMPACT_AFTER = 1000;

export interface Submission {
  /** The corp a third-party app's answer belongs to (the ISV edition); absent for the own-app editions. */
  corp?: string;
  survey: string;
  userid: string;
  name: string;
  department: string;
  answers: Answers;
  at: number;
}

/** The answers of one space: the own-app editions' (no corp), or one corp's (the ISV edition). */
export interface AnswerSpace {
  /** Saved in this space whatever `corp` the submission names. */
  save(submission: Omit<Submission, 'corp'>): void;
  tally(survey: string): Record<string, Record<string, number>>;
  count(survey: string): number;
  submitted(survey: string, userid: string): boolean;
  /** A member's latest submission. */
  get(survey: string, userid: string): Submission | undefined;
  /** Every member's latest submission, in the order they first answered. */
  list(survey: string): Submission[];
}

/** The database is the own-app editions' space; `corp(id)` is a corp's, which no other space can read. */
export interface SurveyDatabase extends AnswerSpace {
  /** One corp's answers: every key it reads or writes carries that corp, so no other corp's row is reachable. */
  corp(corpId: string): AnswerSpace;
  /** The corps that have answers. */
  corps(): string[];
  /** Deletes every answer of a corp (an uninstall), durably; returns what was deleted (their photos go too). */
  dropCorp(corpId: string): Submission[];
  close(): void;
}

export class SurveyDatabaseError extends Error {
  override name = 'SurveyDatabaseError';
}

/** The corp is part of every key: a space built for one corp cannot name another corp's row. */
const keyOf = (corp: string, survey: string, userid: string) => `${corp}\u0000${survey}\u0000${userid}`;
/** A drop line in the log: the corp's rows before it are gone when the log is replayed. */
interface Drop {
  drop: string;
}
const isDrop = (record: unknown): record is Drop =>
  typeof (record as Drop | null)?.drop === 'string' && (record as Drop).drop !== '';
const CORP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Answer values as stored: strings (or lists of strings), so what is tallied is what was written. */
function normalise(s: Submission): Submission {
  const answers: Record<string, string | string[]> = {};
  for (const [question, value] of Object.entries(s.answers))
    answers[question] = Array.isArray(value) ? value.map(String) : String(value);
  return {
    ...(s.corp ? { corp: String(s.corp) } : {}),
    survey: String(s.survey),
    userid: String(s.userid),
    name: String(s.name),
    department: String(s.department),
    answers: answers as Answers,
    at: Number(s.at),
  };
}

interface Loaded {
  rows: Map<string, Submission>;
  lines: number;
  /** Bytes up to the end of the last complete line; anything after it is a write cut short by a crash. */
  goodBytes: number;
  totalBytes: number;
}

const line = (value: unknown) => Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');

const EMPTY = (): Loaded => ({ rows: new Map(), lines: 0, goodBytes: 0, totalBytes: 0 });

function load(path: string): Loaded {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY();
    throw error;
  }
  const header = line(HEADER);
  // A file cut short while its header was written is empty; anything else must start with the header.
  if (text.length > 0 && !header.subarray(0, text.length).equals(text.subarray(0, header.length)))
    throw new SurveyDatabaseError(
      `survey database ${path}: not a survey answers file (an old SQLite file?); point SURVEY_DB at a new path`,
    );
  const rows = new Map<string, Submission>();
  const goodBytes = text.lastIndexOf(0x0a) + 1;
  const complete = text.subarray(0, goodBytes).toString('utf8').split('\n').slice(0, -1);
  for (const [i, entry] of complete.entries()) {
    let record: unknown;
    try {
      record = JSON.parse(entry);
    } catch {
      // Only the last line can be torn (it has no newline yet); a bad complete line means the file was edited.
      throw new SurveyDatabaseError(
        `survey database ${path}: line ${i + 1} is not JSON; restore the file from a backup or remove that line`,
      );
    }
    if (i === 0) continue;
    if (isDrop(record)) {
      for (const [key, s] of rows) if (s.corp === record.drop) rows.delete(key);
      continue;
    }
    const s = record as Submission;
    rows.set(keyOf(s.corp ?? '', s.survey, s.userid), s);
  }
  return { rows, lines: complete.length, goodBytes, totalBytes: text.length };
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Writes the live rows to a new file and renames it over the old one (both fsync'd), so a crash keeps one. */
function compact(path: string, rows: Iterable<Submission>): void {
  const temp = `${path}.compact`;
  const fd = openSync(temp, 'w');
  try {
    writeAll(fd, Buffer.concat([line(HEADER), ...[...rows].map(line)]));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  syncDirectory(path);
}

function syncDirectory(path: string): void {
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Windows cannot open a directory; its rename is already durable once it returns.
  }
}

export function openDatabase(path: string): SurveyDatabase {
  const memory = path === ':memory:';
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const loaded = memory ? EMPTY() : load(path);
  const rows = loaded.rows;
  let fd: number | undefined;
  if (!memory) {
    if (loaded.lines > 0 && loaded.lines - 1 - rows.size >= Math.max(rows.size, COMPACT_AFTER))
      compact(path, rows.values());
    fd = openSync(path, 'a');
    if (loaded.goodBytes < loaded.totalBytes) {
      // A crash cut the last write short: that submission was never acknowledged, so drop its fragment.
      ftruncateSync(fd, loaded.goodBytes);
    }
    if (loaded.lines === 0) {
      writeAll(fd, line(HEADER));
      fsyncSync(fd);
      syncDirectory(path);
    }
  }

  const append = (value: unknown) => {
    if (fd === undefined) return;
    // One write of the whole line: a crash leaves either the line or a fragment without its newline.
    writeAll(fd, line(value));
    fsyncSync(fd);
  };
  /** The space of one corp ('' = the own-app editions): its corp is fixed here and in every key it builds. */
  const space = (corp: string): AnswerSpace => {
    const rowsOf = (survey: string) =>
      [...rows.values()].filter((s) => (s.corp ?? '') === corp && s.survey === survey);
    return {
      /** A member's latest answers replace their earlier ones; on disk before this returns, or not at all. */
      save(submission) {
        const s = normalise({ ...submission, corp });
        append(s);
        rows.set(keyOf(corp, s.survey, s.userid), s);
      },
      /** Count of each answer value per question. */
      tally(survey) {
        // Null-prototype records: an answer "valueOf" or a question "__proto__" is data, not Object.prototype.
        const out: Record<string, Record<string, number>> = Object.create(null);
        for (const s of rowsOf(survey)) {
          for (const [question, value] of Object.entries(s.answers)) {
            const counts: Record<string, number> = out[question] ?? Object.create(null);
            for (const v of Array.isArray(value) ? value : [value]) counts[v] = (counts[v] ?? 0) + 1;
            out[question] = counts;
          }
        }
        return out;
      },
      count: (survey) => rowsOf(survey).length,
      submitted: (survey, userid) => rows.has(keyOf(corp, survey, userid)),
      get: (survey, userid) => rows.get(keyOf(corp, survey, userid)),
      list: rowsOf,
    };
  };
  const checkCorp = (corpId: string) => {
    if (typeof corpId !== 'string' || !CORP_ID.test(corpId))
      throw new SurveyDatabaseError(
        `survey database: a corp's answers need its corp id (letters, digits, _ or -), got ${JSON.stringify(corpId)}`,
      );
    return corpId;
  };

  return {
    ...space(''),
    corp: (corpId) => space(checkCorp(corpId)),
    corps: () => [...new Set([...rows.values()].flatMap((s) => (s.corp ? [s.corp] : [])))],
    dropCorp(corpId) {
      const corp = checkCorp(corpId);
      const dropped = [...rows.entries()].filter(([, s]) => s.corp === corp);
      if (dropped.length === 0) return [];
      append({ drop: corp } satisfies Drop);
      for (const [key] of dropped) rows.delete(key);
      return dropped.map(([, s]) => s);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Answers } from './survey.js';

const MIGRATIONS = [
  `CREATE TABLE submissions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     survey TEXT NOT NULL,
     userid TEXT NOT NULL,
     name TEXT NOT NULL,
     department TEXT NOT NULL DEFAULT '',
     created_at INTEGER NOT NULL,
     UNIQUE (survey, userid)
   );
   CREATE TABLE answers (
     submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
     question TEXT NOT NULL,
     value TEXT NOT NULL
   );
   CREATE INDEX answers_by_question ON answers(question);`,
];

export interface Submission {
  survey: string;
  userid: string;
  name: string;
  department: string;
  answers: Answers;
  at: number;
}

export interface SurveyDatabase {
  save(submission: Submission): void;
  tally(survey: string): Record<string, Record<string, number>>;
  count(survey: string): number;
  submitted(survey: string, userid: string): boolean;
  raw: Database.Database;
  close(): void;
}

/** The survey's answers in one SQLite file: WAL, fsync on commit, one transaction per submission. */
export function openDatabase(path: string): SurveyDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  const upsert = db.prepare(
    `INSERT INTO submissions (survey, userid, name, department, created_at) VALUES (@survey, @userid, @name, @department, @at)
     ON CONFLICT (survey, userid) DO UPDATE SET name = excluded.name, department = excluded.department, created_at = excluded.created_at
     RETURNING id`,
  );
  const clear = db.prepare('DELETE FROM answers WHERE submission_id = ?');
  const insertAnswer = db.prepare('INSERT INTO answers (submission_id, question, value) VALUES (?, ?, ?)');

  /** A member's latest answers replace their earlier ones; all of it or nothing. */
  const save = db.transaction((s: Submission) => {
    const { id } = upsert.get({
      survey: s.survey,
      userid: s.userid,
      name: s.name,
      department: s.department,
      at: s.at,
    }) as { id: number };
    clear.run(id);
    for (const [question, value] of Object.entries(s.answers)) {
      for (const v of Array.isArray(value) ? value : [value]) insertAnswer.run(id, question, String(v));
    }
  });

  return {
    save: (s: Submission) => save(s),
    /** Count of each answer value per question. */
    tally(survey: string): Record<string, Record<string, number>> {
      const rows = db
        .prepare(
          'SELECT a.question, a.value, COUNT(*) AS n FROM answers a JOIN submissions s ON s.id = a.submission_id WHERE s.survey = ? GROUP BY a.question, a.value',
        )
        .all(survey) as { question: string; value: string; n: number }[];
      const out: Record<string, Record<string, number>> = {};
      for (const r of rows) {
        const counts = out[r.question] ?? {};
        counts[r.value] = r.n;
        out[r.question] = counts;
      }
      return out;
    },
    count: (survey: string) =>
      (db.prepare('SELECT COUNT(*) AS n FROM submissions WHERE survey = ?').get(survey) as { n: number }).n,
    submitted: (survey: string, userid: string) =>
      Boolean(db.prepare('SELECT 1 FROM submissions WHERE survey = ? AND userid = ?').get(survey, userid)),
    raw: db,
    close: () => db.close(),
  };
}

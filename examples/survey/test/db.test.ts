import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Submission } from '../src/db.js';
import { validateAnswers } from '../src/survey.js';

const ANSWERS = { q1: '地铁', q2: ['网络', '食堂'], q3: 4, q4: '多一些绿植' };
const fresh = async () => join(await mkdtemp(join(tmpdir(), 'survey-db-')), 'answers.db');
const submission = (userid: string, answers = validateAnswers(ANSWERS), at = 1): Submission => ({
  survey: 's',
  userid,
  name: userid,
  department: 'D',
  answers,
  at,
});

describe('the survey database (one append-only file)', () => {
  it('keeps submissions across a reopen, a member counted once with their latest answers', async () => {
    const path = await fresh();
    const db = openDatabase(path);
    db.save(submission('u1'));
    db.save(submission('u2'));
    db.save(submission('u1', validateAnswers({ ...ANSWERS, q1: '公交' }), 2));
    db.close();
    const reopened = openDatabase(path);
    expect(reopened.count('s')).toBe(2);
    expect(reopened.submitted('s', 'u1')).toBe(true);
    expect(reopened.submitted('s', 'u3')).toBe(false);
    expect(reopened.tally('s')['q1']).toEqual({ 地铁: 1, 公交: 1 });
    expect(reopened.tally('s')['q2']).toEqual({ 网络: 2, 食堂: 2 });
    expect(reopened.tally('s')['q3']).toEqual({ '4': 2 });
    reopened.close();
  });

  it('writes nothing for a submission that fails while being serialised', async () => {
    const path = await fresh();
    const db = openDatabase(path);
    db.save(submission('u1'));
    const broken = {
      ...submission('u2'),
      answers: {
        q1: 'x',
        q2: {
          toString: () => {
            throw new Error('crash mid-write');
          },
        },
      } as never,
    };
    expect(() => db.save(broken)).toThrow('crash mid-write');
    db.close();
    const reopened = openDatabase(path);
    expect(reopened.count('s')).toBe(1);
    expect(reopened.tally('s')['q1']).toEqual({ 地铁: 1 });
    reopened.close();
  });

  it('drops the fragment a crash left after the last complete line, and appends cleanly after it', async () => {
    const path = await fresh();
    const db = openDatabase(path);
    db.save(submission('u1'));
    db.close();
    appendFileSync(path, '{"survey":"s","userid":"u2","name":"u2","depa');
    const reopened = openDatabase(path);
    expect(reopened.count('s')).toBe(1);
    reopened.save(submission('u3'));
    reopened.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -1).map((l) => JSON.parse(l).userid)).toEqual(['u1', 'u3']);
    expect(openDatabase(path).count('s')).toBe(2);
  });

  it('keeps every acknowledged submission when the writing process is killed (SIGKILL) mid-stream', async () => {
    const path = await fresh();
    const writer = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures/db-writer.ts'), path],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let acknowledged = 0;
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    await new Promise<void>((resolve) => {
      writer.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        for (const m of chunk.matchAll(/saved (\d+)/g)) acknowledged = Number(m[1]);
        if (acknowledged >= 40) resolve();
      });
      writer.once('exit', () => resolve());
    });
    writer.kill('SIGKILL');
    await exited;
    expect(acknowledged).toBeGreaterThanOrEqual(40);
    const db = openDatabase(path);
    // Every save that returned is there; at most the one in flight when the kill landed is extra.
    expect(db.count('s')).toBeGreaterThanOrEqual(acknowledged);
    expect(db.count('s')).toBeLessThanOrEqual(acknowledged + 1);
    for (let n = 1; n <= acknowledged; n++) expect(db.submitted('s', `u${n}`)).toBe(true);
    db.close();
  }, 30_000);

  it('refuses a file that is not a survey answers file (e.g. the old SQLite one) instead of overwriting it', async () => {
    const path = await fresh();
    for (const old of ['SQLite format 3\u0000', 'SQLite format 3\u0000\n{}\n']) {
      writeFileSync(path, old);
      expect(() => openDatabase(path)).toThrow(/not a survey answers file.*SURVEY_DB/);
      expect(readFileSync(path, 'utf8')).toBe(old);
    }
  });

  it('refuses a file with a damaged line in the middle, naming the line, rather than dropping answers', async () => {
    const path = await fresh();
    const db = openDatabase(path);
    db.save(submission('u1'));
    db.save(submission('u2'));
    db.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = '{"survey":"s",';
    writeFileSync(path, lines.join('\n'));
    expect(() => openDatabase(path)).toThrow(/line 2 is not JSON/);
  });

  it('compacts superseded lines at open and keeps the same answers', async () => {
    const path = await fresh();
    const db = openDatabase(path);
    for (let i = 0; i < 1200; i++) db.save(submission(`u${i % 3}`, validateAnswers(ANSWERS), i));
    db.close();
    const reopened = openDatabase(path);
    expect(readFileSync(path, 'utf8').split('\n').length).toBe(1 + 3 + 1);
    expect(reopened.count('s')).toBe(3);
    expect(reopened.tally('s')['q1']).toEqual({ 地铁: 3 });
    reopened.close();
  });

  it('counts answers named like Object.prototype members as plain data', async () => {
    const db = openDatabase(await fresh());
    db.save({ ...submission('u1'), answers: { __proto__x: 'valueOf', constructor: 'toString' } as never });
    db.save({ ...submission('u2'), answers: { constructor: 'hasOwnProperty' } as never });
    expect(db.tally('s')['constructor']).toEqual({ toString: 1, hasOwnProperty: 1 });
    expect(db.tally('s')['__proto__x']).toEqual({ valueOf: 1 });
    db.close();
  });

  it('reads back exactly what was saved, for any text in names and answers (property)', async () => {
    const path = await fresh();
    const text = fc.string({ unit: 'binary', maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 8 }), async (pairs) => {
        const db = openDatabase(path);
        for (const [userid, answer] of pairs) db.save({ ...submission(userid), answers: { q: answer } });
        db.close();
        const again = openDatabase(path);
        const last = new Map(pairs);
        for (const [userid, answer] of last) {
          expect(again.submitted('s', userid)).toBe(true);
          expect(again.tally('s')['q']?.[answer]).toBeGreaterThanOrEqual(1);
        }
        again.close();
      }),
      { numRuns: 30 },
    );
  });
});

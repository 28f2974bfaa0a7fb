import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Submission, SurveyDatabaseError } from '../src/db.js';
import { validateAnswers } from '../src/survey.js';

const fresh = async () => join(await mkdtemp(join(tmpdir(), 'survey-corps-')), 'answers.db');
const answer = (q1: string) => validateAnswers({ q1, q2: [], q3: 3, q4: '' });
const submission = (userid: string, q1 = '地铁'): Submission => ({
  survey: 's',
  userid,
  name: userid,
  department: 'D',
  answers: answer(q1),
  at: 1,
});

describe("the survey database's corp spaces (the third-party app edition)", () => {
  it("never shows one corp the answer of another corp's member with the same userid", async () => {
    const db = openDatabase(await fresh());
    db.corp('wwA').save(submission('zhangsan', '地铁'));
    db.corp('wwB').save(submission('zhangsan', '公交'));
    expect(db.corp('wwA').get('s', 'zhangsan')?.answers['q1']).toBe('地铁');
    expect(db.corp('wwB').get('s', 'zhangsan')?.answers['q1']).toBe('公交');
    expect(db.corp('wwA').list('s')).toHaveLength(1);
    expect(db.corp('wwA').tally('s')['q1']).toEqual({ 地铁: 1 });
    // The own-app editions' space sees neither.
    expect(db.submitted('s', 'zhangsan')).toBe(false);
    expect(db.count('s')).toBe(0);
    db.close();
  });

  it("saves into the space's own corp whatever corp the submission names", async () => {
    const db = openDatabase(await fresh());
    db.corp('wwA').save({ ...submission('u1'), corp: 'wwB' } as Submission);
    db.save({ ...submission('u2'), corp: 'wwB' } as Submission);
    expect(db.corp('wwB').count('s')).toBe(0);
    expect(db.corp('wwA').get('s', 'u1')?.corp).toBe('wwA');
    expect(db.get('s', 'u2')?.corp).toBeUndefined();
    db.close();
  });

  it('keeps spaces apart for any corp ids and userids, separators included', async () => {
    const db = openDatabase(':memory:');
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(id, id, fc.string(), (a, b, userid) => {
        fc.pre(a !== b);
        db.corp(a).save(submission(userid, '地铁'));
        expect(db.corp(b).get('s', userid)).toBeUndefined();
        expect(db.corp(b).submitted('s', userid)).toBe(false);
        expect(
          db
            .corp(b)
            .list('s')
            .every((s) => s.corp === b),
        ).toBe(true);
        db.dropCorp(a);
      }),
    );
  });

  it('refuses a space without a proper corp id', () => {
    const db = openDatabase(':memory:');
    for (const bad of ['', 'ww A', 'a\u0000b', 'x'.repeat(65)])
      expect(() => db.corp(bad)).toThrow(SurveyDatabaseError);
  });

  it("deletes a corp's answers durably: gone after a reopen, the other corps and the own app kept", async () => {
    const path = await fresh();
    const db = openDatabase(path);
    db.corp('wwA').save(submission('u1'));
    db.corp('wwA').save(submission('u2'));
    db.corp('wwB').save(submission('u1'));
    db.save(submission('u1'));
    expect(db.dropCorp('wwA').map((s) => s.userid)).toEqual(['u1', 'u2']);
    expect(db.corps()).toEqual(['wwB']);
    db.close();
    const reopened = openDatabase(path);
    expect(reopened.corp('wwA').count('s')).toBe(0);
    expect(reopened.corp('wwB').count('s')).toBe(1);
    expect(reopened.count('s')).toBe(1);
    // A re-install starts afresh, and its new answers outlive the old drop on the next replay.
    reopened.corp('wwA').save(submission('u3'));
    reopened.close();
    expect(
      openDatabase(path)
        .corp('wwA')
        .list('s')
        .map((s) => s.userid),
    ).toEqual(['u3']);
  });
});

import { describe, expect, it } from 'vitest';
import { redact } from '../src/index.js';

describe('redact', () => {
  it('hides tokens, secrets and codes in URLs and JSON bodies', () => {
    const text = redact('/cgi-bin/gettoken?corpid=ww01&corpsecret=S3CRET&code=C0DE {"access_token":"T0K"}');
    expect(text).not.toMatch(/S3CRET|C0DE|T0K/);
    expect(text).toContain('corpid=ww01');
  });
});

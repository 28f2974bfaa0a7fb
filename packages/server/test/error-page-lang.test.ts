import { describe, expect, it } from 'vitest';
import { loginErrorPage } from '../src/error-page.js';

const page = (code: string, errcode?: number) =>
  String(loginErrorPage({ code, errcode, retry: '/wx/login' }, 'wecom', 502).body);

describe('the login error page', () => {
  it('tells a member with a wrong secret (40001) to ask the admin, not to try again later, in Chinese first', () => {
    const html = page('platform_error', 40001);
    expect(html).not.toContain('请稍后重试');
    expect(html).toContain('需要应用管理员');
    expect(html).toContain('secret 不正确');
    expect(html).toContain('应用管理 → 该应用');
    expect(html.indexOf('secret 不正确')).toBeLessThan(html.indexOf('Invalid secret'));
  });

  it('still says try again later when the platform could not be reached', () => {
    expect(page('platform_unreachable')).toContain('请稍后重试');
  });
});

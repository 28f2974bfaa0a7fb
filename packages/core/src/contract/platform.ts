/** The two platforms wxkit speaks to: WeCom (企业微信) and WeChat Official Accounts (公众号). */
export type Platform = 'wecom' | 'oa';

export const PLATFORMS: readonly Platform[] = ['wecom', 'oa'];

export const isPlatform = (value: unknown): value is Platform => value === 'wecom' || value === 'oa';

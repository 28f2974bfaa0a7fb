export class WxClientError extends Error {
  override name = 'WxClientError';
  constructor(
    message: string,
    readonly hint?: string,
    /** The server kit's error code (`platform_error`, `logout_not_recorded`, …) when it sent one. */
    readonly code?: string,
    /** The platform's errcode behind it, e.g. 60020; `npx wxkit explain <errcode>` says what to fix. */
    readonly errcode?: number,
  ) {
    super(hint ? `${message} — ${hint}` : message);
  }
}

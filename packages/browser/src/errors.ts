export class WxClientError extends Error {
  override name = 'WxClientError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(hint ? `${message} — ${hint}` : message);
  }
}

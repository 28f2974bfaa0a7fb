const SECRET_PARAMS = [
  'access_token',
  // Service providers' tokens and codes (the prefixed names are not matched by the plain ones above).
  'suite_access_token',
  'provider_access_token',
  'suite_secret',
  'provider_secret',
  'suite_ticket',
  'permanent_code',
  'auth_code',
  'pre_auth_code',
  'corpsecret',
  'secret',
  'code',
  'refresh_token',
  'user_ticket',
  'ticket',
];
const QUERY = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&#\\s"]*`, 'gi');
const JSON_FIELD = new RegExp(`("(?:${SECRET_PARAMS.join('|')})"\\s*:\\s*")[^"]*(")`, 'gi');

/** Replaces secret values in a URL, path or JSON text with `***` so it can go into a message or a log. */
export function redact(text: string): string {
  return text.replace(QUERY, '$1***').replace(JSON_FIELD, '$1***$2');
}

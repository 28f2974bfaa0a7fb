/**
 * `install_as=<corpId>[:<userid>]` (install page) and `login_as=<corpId>:<userid>` (authorize with appid =
 * suite_id): what a script passes to skip the picker. Both parts are ids of the seed (corp ids letters and digits,
 * userids 1-64 of [0-9A-Za-z_-@.]); anything else is not a choice and shows the picker's error.
 */
export function parseAs(value: string | undefined): { corpId: string; userid?: string } | undefined {
  if (value === undefined) return undefined;
  const match = /^([A-Za-z0-9]{1,64})(?::([0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}))?$/.exec(value);
  if (!match?.[1]) return undefined;
  return match[2] ? { corpId: match[1], userid: match[2] } : { corpId: match[1] };
}

import type { MenuButton } from './types.js';

export interface MenuChange {
  kind: 'added' | 'removed' | 'changed';
  path: string;
  local?: unknown;
  remote?: unknown;
}

const FIELDS = ['name', 'type', 'key', 'url', 'appid', 'pagepath', 'media_id', 'article_id'] as const;

/** What pushing `local` would change on the platform (`remote`, possibly undefined when no menu exists). */
export function diffMenu(
  local: { button: MenuButton<string>[] },
  remote: { button: MenuButton<string>[] } | undefined,
): MenuChange[] {
  const changes: MenuChange[] = [];
  diffList(local.button, remote?.button ?? [], 'button', changes);
  return changes;
}

function diffList(
  local: MenuButton<string>[],
  remote: MenuButton<string>[],
  path: string,
  out: MenuChange[],
): void {
  for (let i = 0; i < Math.max(local.length, remote.length); i++) {
    const here = `${path}[${i}]`;
    const l = local[i];
    const r = remote[i];
    if (l && !r) out.push({ kind: 'added', path: here, local: l });
    else if (!l && r) out.push({ kind: 'removed', path: here, remote: r });
    else if (l && r) {
      for (const field of FIELDS) {
        if ((l[field] ?? undefined) !== (r[field] ?? undefined)) {
          out.push({ kind: 'changed', path: `${here}.${field}`, local: l[field], remote: r[field] });
        }
      }
      diffList(l.sub_button ?? [], r.sub_button ?? [], `${here}.sub_button`, out);
    }
  }
}

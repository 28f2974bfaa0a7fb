import type { ParityReport, Shape } from './shape.js';

/** The differences between two shapes, as `path: a → b` lines. */
function shapeDiff(a: Shape, b: Shape, path: string, out: string[]): void {
  if (typeof a === 'string' || typeof b === 'string') {
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${path || '(body)'}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
    return;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) {
      out.push(`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      return;
    }
    if (a[0] !== undefined && b[0] !== undefined) shapeDiff(a[0], b[0], `${path}[]`, out);
    return;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in b)) out.push(`${at}: only in the first`);
    else if (!(key in a)) out.push(`${at}: only in the second`);
    else shapeDiff(a[key] as Shape, b[key] as Shape, at, out);
  }
}

/**
 * What differs between two reports, scenario by scenario and step by step: status, errcode, headers and shape.
 * Timings are never compared. Empty: the two targets answered alike.
 */
export function compareReports(a: ParityReport, b: ParityReport): string[] {
  const out: string[] = [];
  if (a.platform !== b.platform) out.push(`platform: ${a.platform} → ${b.platform}`);
  const names = [...new Set([...a.scenarios.map((s) => s.name), ...b.scenarios.map((s) => s.name)])];
  for (const name of names) {
    const x = a.scenarios.find((s) => s.name === name);
    const y = b.scenarios.find((s) => s.name === name);
    if (!x || !y) {
      out.push(`${name}: only in the ${x ? 'first' : 'second'} report`);
      continue;
    }
    if (x.skipped || y.skipped) {
      if (Boolean(x.skipped) !== Boolean(y.skipped))
        out.push(`${name}: skipped in the ${x.skipped ? 'first' : 'second'} (${x.skipped ?? y.skipped})`);
      continue;
    }
    const calls = Math.max(x.steps.length, y.steps.length);
    for (let i = 0; i < calls; i++) {
      const s = x.steps[i];
      const t = y.steps[i];
      const where = `${name} › ${s?.call ?? t?.call}`;
      if (!s || !t || s.call !== t.call) {
        out.push(`${where}: the calls differ (${s?.call ?? 'none'} → ${t?.call ?? 'none'})`);
        continue;
      }
      if (s.status !== t.status) out.push(`${where}: HTTP ${s.status} → ${t.status}`);
      if (s.errcode !== t.errcode) out.push(`${where}: errcode ${s.errcode} → ${t.errcode}`);
      if (JSON.stringify(s.headers ?? {}) !== JSON.stringify(t.headers ?? {}))
        out.push(`${where}: headers ${JSON.stringify(s.headers ?? {})} → ${JSON.stringify(t.headers ?? {})}`);
      const shapes: string[] = [];
      shapeDiff(s.shape, t.shape, '', shapes);
      for (const line of shapes) out.push(`${where}: ${line}`);
    }
  }
  return out;
}

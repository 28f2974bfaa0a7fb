import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import * as node from '../src/adapters/node.js';
import { harness } from './helpers.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Every entry point of the package, from its exports map. */
const entries = Object.values(pkg.exports as Record<string, { '@wxkit/source'?: string }>).flatMap((entry) =>
  entry['@wxkit/source'] ? [join(root, entry['@wxkit/source'])] : [],
);
/** Names of the internal request shape; none may show in what a consumer sees. */
const INTERNAL = /\b(WxCall|WxReply|dispatch|NodeBridge|NODE_BRIDGE|NodeCall)\b/;

/**
 * Every name a consumer can reach through the entries' exports: the exported names, and for each of our own
 * types its properties, and the types of those, parameters and return types included (a library's types, like
 * Request or express's, are leaves).
 */
function reachableNames(): Set<string> {
  // Our own sources only (noResolve): other packages' types are leaves, and the program builds in a second.
  const sources = (readdirSync(join(root, 'src'), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(root, 'src', file));
  const program = ts.createProgram(sources, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noResolve: true,
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2023.d.ts'],
  });
  const checker = program.getTypeChecker();
  const names = new Set<string>();
  const seen = new Set<ts.Type>();
  const ours = (symbol: ts.Symbol | undefined) =>
    symbol?.declarations?.some((d) => d.getSourceFile().fileName.startsWith(join(root, 'src'))) ?? false;
  const walk = (type: ts.Type) => {
    if (seen.has(type)) return;
    seen.add(type);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol) names.add(symbol.getName());
    for (const t of type.aliasTypeArguments ?? []) walk(t);
    if (type.isUnionOrIntersection()) for (const t of type.types) walk(t);
    if ((type as ts.TypeReference).target)
      for (const t of checker.getTypeArguments(type as ts.TypeReference)) walk(t);
    for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
      for (const parameter of signature.getParameters()) walk(checker.getTypeOfSymbol(parameter));
      walk(signature.getReturnType());
    }
    if (!ours(symbol) && !type.isUnionOrIntersection()) return;
    for (const property of checker.getPropertiesOfType(type)) {
      names.add(property.getName());
      walk(checker.getTypeOfSymbol(property));
    }
  };
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile);
    for (const exported of checker.getExportsOfModule(module as ts.Symbol)) {
      names.add(exported.getName());
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (target.flags & ts.SymbolFlags.Value) walk(checker.getTypeOfSymbol(target));
      if (target.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))
        walk(checker.getDeclaredTypeOfSymbol(target));
    }
  }
  return names;
}

describe('the public surface', () => {
  it('names one request type: no declaration a consumer sees mentions the internal call/reply or dispatch', () => {
    const names = reachableNames();
    // The walk reaches deep: the server's methods, the options' fields, the adapters' parameters.
    for (const known of [
      'handle',
      'owns',
      'getUser',
      'WxServerOptions',
      'publicUrl',
      'toNodeListener',
      'wxKoa',
    ])
      expect(names).toContain(known);
    expect([...names].filter((name) => INTERNAL.test(name))).toEqual([]);
  }, 60_000);

  it('gives a server with web Request → Response as its only request method', async () => {
    const { wx } = await harness();
    expect(Object.keys(wx).sort()).toEqual([
      'clientFor',
      'getUser',
      'handle',
      'on',
      'owns',
      'refuseCrossSite',
      'requireUser',
    ]);
  });

  it('exports toNodeListener alone from /node', () => {
    expect(Object.keys(node)).toEqual(['toNodeListener']);
  });

  it('writes every adapter against public names: handle and owns of the server, imports from public entries', () => {
    const adapters = ['node', 'express', 'fastify', 'koa', 'hono'];
    // The node adapter's own lazy Request and Response (node-request.ts, node-call.ts) are its private parts.
    const allowed =
      /^(node:|@hono\/node-server$|express$|fastify$|koa$|hono$|\.\.\/index\.js$|\.\/node(-request|-call)?\.js$)/;
    for (const name of adapters) {
      const source = readFileSync(join(root, 'src/adapters', `${name}.ts`), 'utf8');
      for (const [, spec] of source.matchAll(/from '([^']+)'/g))
        expect(spec, `${name}.ts imports ${spec}`).toMatch(allowed);
      for (const [, member] of source.matchAll(/\bwx\.(\w+)/g))
        expect(['handle', 'owns'], `${name}.ts uses wx.${member}`).toContain(member);
    }
  });
});

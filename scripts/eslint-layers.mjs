/**
 * The house's layers as an ESLint rule. A module may import from its own folder and from any folder of a lower rank,
 * never upward and never sideways into another folder of the same rank: data flows one way, from the macOS facts at
 * the bottom to the commands at the top. Imports are relative (the project has no path aliases), so the target's
 * folder is read from the resolved specifier; no module resolution is needed.
 */
import {dirname, relative, resolve, sep} from 'node:path'

/** Folder (relative to src/, first segment) → rank. Files directly in src/ are named by file. */
export const LAYERS = {
  'errors.ts': 0,
  util: 0,
  macos: 1,
  profiles: 2,
  requirements: 2,
  system: 3,
  onboarding: 4,
  checks: 5,
  install: 5,
  deploy: 5,
  fleet: 6,
  render: 7,
  cli: 8,
  commands: 9,
}

/** Same-rank folders one may read from the other (named here so that each exception is a decision). */
export const SIDEWAYS = {
  // The requirement language is part of the PPPC domain; the profile rules query its trees.
  profiles: ['requirements'],
}

function placeOf(file, srcRoot) {
  const rel = relative(srcRoot, file)
  if (rel.startsWith('..')) return undefined
  const [first] = rel.split(sep)
  return first in LAYERS ? first : undefined
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: {description: 'imports follow the layers of the house: never upward, never sideways between rooms'},
    schema: [],
    messages: {
      upward:
        '{{from}} (layer {{fromRank}}) may not import {{to}} (layer {{toRank}}): imports go down the layers only (see README › Architecture)',
      sideways:
        '{{from}} may not import {{to}}: rooms of the same layer do not import each other (see README › Architecture)',
      unplaced: '{{from}} is not in a known layer: add its folder to LAYERS in scripts/eslint-layers.mjs',
    },
  },
  create(context) {
    const file = context.filename
    const srcRoot = resolve(context.cwd, 'src')
    const from = placeOf(file, srcRoot)
    if (!file.startsWith(srcRoot + sep)) return {}
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return
      if (!from) return context.report({node, messageId: 'unplaced', data: {from: relative(srcRoot, file)}})
      const to = placeOf(resolve(dirname(file), specifier), srcRoot)
      if (!to || to === from) return
      const fromRank = LAYERS[from]
      const toRank = LAYERS[to]
      if (toRank > fromRank) context.report({node, messageId: 'upward', data: {from, to, fromRank, toRank}})
      else if (toRank === fromRank && !(SIDEWAYS[from] ?? []).includes(to))
        context.report({node, messageId: 'sideways', data: {from, to}})
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    }
  },
}

export default {rules: {layers: layersRule}}

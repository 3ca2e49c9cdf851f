import {isDeepStrictEqual} from 'node:util'
import {PppcError} from '../errors.js'
import {MAX_DEPTH, type Requirement} from './tree.js'

/**
 * `a and (b and c)` and `(a and b) and c` mean the same and print the same, but compile to different blobs and trees
 * (codesign nests its designated requirements to the right, the compiler to the left). Flattening nested operands of
 * the same operator gives one tree per meaning, for comparing a profile's requirement with a TCC.db blob.
 */
export function flattenRequirement(node: Requirement, depth = 0): Requirement {
  if (depth > MAX_DEPTH)
    throw new PppcError(`the requirement nests more than ${MAX_DEPTH} levels`, {code: 'PPPC_REQUIREMENT'})
  switch (node.kind) {
    case 'and':
    case 'or': {
      const operands = node.operands.flatMap((o) => {
        const flat = flattenRequirement(o, depth + 1)
        return flat.kind === node.kind ? flat.operands : [flat]
      })
      return {kind: node.kind, operands}
    }
    case 'not':
      return {kind: 'not', operand: flattenRequirement(node.operand, depth + 1)}
    case 'unknown-op':
      return node.next ? {...node, next: flattenRequirement(node.next, depth + 1)} : node
    default:
      return node
  }
}

/** Do two trees say the same thing, up to how `and`/`or` chains are nested? */
export function sameRequirement(a: Requirement, b: Requirement): boolean {
  return isDeepStrictEqual(flattenRequirement(a), flattenRequirement(b))
}

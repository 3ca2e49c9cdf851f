import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {parseTrustAnchors, type TrustAnchors} from '../../src/profiles/cms.js'
import type {ValidateOptions} from '../../src/profiles/findings.js'
import {FIXTURES, sharedDir} from './paths.js'

/** A PEM bundle of fixtures/profiles/ca as --ca reads it. */
export function fixtureCa(name: 'pppc-fixture-ca' | 'unrelated-ca'): TrustAnchors {
  const anchors = parseTrustAnchors(readFileSync(join(FIXTURES, 'profiles', 'ca', `${name}.pem`), 'utf8'))
  if (typeof anchors === 'string') throw new Error(anchors)
  return anchors
}

/** Options a bad fixture needs to raise its rule: version and MDM rules only fire when asked. */
export const FIXTURE_OPTIONS: Readonly<Record<string, ValidateOptions>> = {
  PPPC070: {minMacos: '13.0.0'},
  PPPC071: {minMacos: '10.15.0'},
  PPPC072: {targetMacos: '27.0.0'},
  PPPC073: {targetMacos: '26.2.0'},
  PPPC082: {mdm: 'jamf'},
  PPPC064: {trustAnchors: fixtureCa('unrelated-ca')},
}

/** Every file of the real-world corpus (read in place, never copied into the project). */
export function corpusFiles(): string[] {
  const root = join(sharedDir(), 'corpus', 'real-world')
  return readdirSync(root)
    .map((d) => join(root, d))
    .filter((d) => statSync(d).isDirectory())
    .flatMap((d) => readdirSync(d).map((f) => join(d, f)))
    .sort()
}

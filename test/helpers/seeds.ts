import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {sharedDir} from './paths.js'

/** The BeyondTrust onboarding documents the flows are written from, whitespace collapsed. */
export function seedText(): string {
  const dir = join(sharedDir(), 'seeds')
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
    .replace(/\s+/g, ' ')
}

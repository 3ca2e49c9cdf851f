import {readFileSync} from 'node:fs'
import {basename} from 'node:path'
import {describe, expect, it} from 'vitest'
import {assembleApps} from '../../src/profiles/assemble.js'
import {completeIdentity, generate} from '../../src/profiles/generate.js'
import {importProfile} from '../../src/profiles/import.js'
import {grantKeys, pppcPayloads, readGrants} from '../../src/profiles/profile-grants.js'
import {readProfile} from '../../src/profiles/read.js'
import {parseSpec} from '../../src/profiles/spec-file.js'
import {validateDocument} from '../../src/profiles/validate.js'
import {corpusFiles} from '../helpers/profiles.js'

/**
 * Tier 2 (reads ../shared): every PPPC profile of the real-world corpus that validates without errors goes through
 * `pppc import`, then `pppc generate --spec` (with --allow-warnings: their warnings, such as Full Disk Access for
 * Terminal, are the authors' choices), and the profile written grants exactly what the original grants.
 */
const cases: {name: string; value: Parameters<typeof readGrants>[0]}[] = []
for (const file of corpusFiles()) {
  const read = await readProfile(readFileSync(file))
  if (!read.ok || pppcPayloads(read.document.value).length === 0) continue
  if (validateDocument(read.document).some((f) => f.severity === 'error')) continue
  cases.push({name: basename(file), value: read.document.value})
}

describe('import, then generate --spec, gives the same grants (real-world corpus)', () => {
  it('covers the 41 PPPC profiles of the corpus that validate without errors (19 before issue 12 removed false errors)', () => {
    expect(cases).toHaveLength(41)
  })

  it.each(cases)('$name', async ({name, value}) => {
    const imported = importProfile(value, name)
    const spec = parseSpec(imported.yaml, `${name}.yaml`)
    const apps = assembleApps(spec.apps, [])
    const written = await generate({
      spec: {identity: completeIdentity(apps, spec.identity), apps},
      mdm: 'generic',
      format: 'mobileconfig',
      allowWarnings: true,
    })
    const back = await readProfile(Buffer.from(written.content))
    expect(back.ok).toBe(true)
    if (!back.ok) return
    const original = grantKeys(readGrants(value).apps)
    expect(original.length).toBeGreaterThan(0)
    expect(grantKeys(readGrants(back.document.value).apps)).toEqual(original)
    expect(imported.grants).toBe(original.length)
  })
})

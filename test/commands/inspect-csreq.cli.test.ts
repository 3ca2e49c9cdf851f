import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {describe, expect, it} from 'vitest'
import {SYSTEM_TCC_DB} from '../../src/checks/tcc.js'
import {pppc, pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {FIXTURES} from '../helpers/paths.js'

const STALE_TCC = join(FIXTURES, 'macs', 'macos-14.8.9-stale-grants', 'files', SYSTEM_TCC_DB)
const OTHER_TEAM =
  'identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = Q7X2M9K4LA'

async function csreqHex(service: string): Promise<string> {
  const sql = `SELECT hex(csreq) FROM access WHERE client = 'com.bomgar.bomgar-scc' AND service = 'kTCCService${service}';`
  return (await execa('sqlite3', ['-readonly', STALE_TCC, sql])).stdout.trim()
}

describe('pppc inspect --csreq (a TCC.db code requirement as text)', () => {
  it('shows the hex of a csreq column as the requirement codesign would print, with what it pins', async () => {
    // Through the binary (bin/run.js); the other runs here are in this process (test/cli/in-process.cli.test.ts
    // holds those to the binary).
    const result = await pppc(['inspect', '--csreq', await csreqHex('ScreenCapture')])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe(
      `Code requirement (164 bytes, from hex)\n${OTHER_TEAM}\n\nidentifier   com.bomgar.bomgar-scc\nTeam ID      Q7X2M9K4LA\nanchor       apple-generic\nsigner       Developer ID\n`,
    )
  })

  it('reads a file holding the blob or its hex, and answers --json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pppc-csreq-'))
    const hex = await csreqHex('Accessibility')
    await writeFile(join(dir, 'csreq.bin'), Buffer.from(hex, 'hex'))
    await writeFile(join(dir, 'csreq.hex'), `X'${hex}'\n`)
    const json = JSON.parse((await pppcInProcess(['inspect', '--csreq', join(dir, 'csreq.bin'), '--json'])).stdout)
    expect(json.csreq).toMatchObject({
      source: join(dir, 'csreq.bin'),
      requirement: expect.stringMatching(/^identifier "com\.bomgar\.bomgar-scc" and cdhash H"[0-9a-f]{40}"$/),
      summary: {teamIds: [], pinsSigner: true},
    })
    const fromHexFile = JSON.parse(
      (await pppcInProcess(['inspect', '--csreq', join(dir, 'csreq.hex'), '--json'])).stdout,
    )
    expect(fromHexFile.csreq.requirement).toBe(json.csreq.requirement)
  })

  it('refuses what is not a requirement, or nothing to inspect, in one line (exit 2)', async () => {
    expectOneLineError(
      await pppcInProcess(['inspect', '--csreq', 'FADE0C']),
      2,
      /^Error: the hex given is not a compiled code requirement: /,
    )
    expectOneLineError(
      await pppcInProcess(['inspect', '--csreq', '/no/such/file']),
      2,
      /neither hex nor a file pppc can read/,
    )
    expectOneLineError(
      await pppcInProcess(['inspect']),
      2,
      /^Error: missing argument FILE; see --help \(or give --csreq HEX\|FILE/,
    )
  })
})

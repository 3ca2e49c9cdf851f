import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {pppcInProcess, type CliResult} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'
import {MdmServer} from '../helpers/mdm-server.js'

const CLIENT_SECRET = 'jamf-fleet-push-secret-4Wd9'
const KANDJI_TOKEN = 'kandji-fleet-push-token-6Yx2-9f'
const JAMF = {JAMF_CLIENT_ID: 'pppc-fleet-push', JAMF_CLIENT_SECRET: CLIENT_SECRET, PPPC_HTTP_BACKOFF_MS: '1'}
const KANDJI = {KANDJI_API_TOKEN: KANDJI_TOKEN, PPPC_HTTP_BACKOFF_MS: '1'}
const NAME = 'pppc fleet: beyondtrust-rs-customer-client'
const SLOW = {timeout: 90_000}

const server = new MdmServer()
const outputs: CliResult[] = []
let script: string
let script2: string
let notScript: string

async function run(args: string[], env: Record<string, string>): Promise<CliResult> {
  const result = await pppcInProcess(['fleet', 'push', ...args], {env})
  outputs.push(result)
  return result
}
const jamf = (file: string, extra: string[] = [], env = JAMF) => run(['jamf', file, '--url', server.url, ...extra], env)
const kandji = (file: string, extra: string[] = [], env = KANDJI) =>
  run(['kandji', file, '--api-url', server.url, ...extra], env)

beforeAll(async () => {
  await server.start()
  const work = await mkdtemp(join(tmpdir(), 'pppc-fleet-push-'))
  script = join(work, 'fleet.sh')
  script2 = join(work, 'fleet2.sh')
  notScript = join(work, 'notes.txt')
  await writeFile(script, '#!/bin/sh\necho "<result>pppc1 window=does-not-show macos=? app=x show=-</result>"\n')
  await writeFile(script2, '#!/bin/sh\necho "<result>pppc1 window=unknown macos=? app=x show=-</result>"\n')
  await writeFile(notScript, 'echo hello\n')
})
afterAll(async () => {
  await server.stop()
  for (const {stdout, stderr} of outputs) {
    expect(stdout + stderr).not.toContain(CLIENT_SECRET)
    expect(stdout + stderr).not.toContain(KANDJI_TOKEN)
    expect(stdout + stderr).not.toContain('jamf-issued-token')
  }
})
beforeEach(() => {
  server.reset()
  server.jamf.clients.set('pppc-fleet-push', CLIENT_SECRET)
  server.kandji.token = KANDJI_TOKEN
})

describe('pppc fleet push jamf', () => {
  it('creates the extension attribute, then leaves it unchanged, then replaces its script in place', SLOW, async () => {
    const created = await jamf(script, ['--json'])
    expect(created.exitCode).toBe(0)
    expect(JSON.parse(created.stdout)).toMatchObject({mdm: 'jamf', action: 'created', id: '1', name: NAME, plan: false})
    const stored = server.extensionAttributes.get('1')!
    expect(stored).toMatchObject({
      name: NAME,
      dataType: 'STRING',
      inputType: 'SCRIPT',
      inventoryDisplayType: 'EXTENSION_ATTRIBUTES',
      enabled: true,
    })
    expect(stored.scriptContents).toContain('pppc1 window=does-not-show')

    const again = await jamf(script)
    expect(again.stdout).toBe(
      `unchanged extension attribute "${NAME}" in Jamf Pro: id 1\n${server.url}/computerExtensionAttributes.html?id=1&o=r\n`,
    )
    expect(server.seen('PUT', /computer-extension-attributes/)).toHaveLength(0)

    // An admin's description and display section are kept; the script is replaced.
    stored.description = 'ours'
    stored.inventoryDisplayType = 'GENERAL'
    const plan = await jamf(script2, ['--plan'])
    expect(plan.stdout).toMatch(/^plan: update extension attribute .* id 1\n {2}script: replaced\n/)
    expect(server.seen('PUT', /computer-extension-attributes/)).toHaveLength(0)
    const updated = await jamf(script2)
    expect(updated.exitCode).toBe(0)
    expect(updated.stdout).toMatch(/^updated extension attribute/)
    expect(server.extensionAttributes.get('1')).toMatchObject({description: 'ours', inventoryDisplayType: 'GENERAL'})
    expect(server.extensionAttributes.get('1')!.scriptContents).toContain('window=unknown')
    expect(server.extensionAttributes.size).toBe(1)
  })

  it('without FILE pushes the script pppc fleet script --mdm jamf writes', SLOW, async () => {
    const pushed = await run(['jamf', '--url', server.url], JAMF)
    expect(pushed.exitCode, pushed.stderr).toBe(0)
    const script = server.extensionAttributes.get('1')!.scriptContents!
    expect(script).toMatch(/^#!\/bin\/sh\n/)
    expect(script).toContain('printf \'<result>%s</result>\\n\' "$line"')
    expect(script).toContain("bundle_id='com.bomgar.bomgar-scc'")
  })

  it(
    '--dry-run contacts nothing and shows the requests, credentials redacted and the script by its size',
    SLOW,
    async () => {
      const dry = await jamf(script, ['--dry-run'])
      expect(dry.exitCode).toBe(0)
      expect(server.requests).toHaveLength(0)
      expect(dry.stdout).toContain('POST http://127.0.0.1')
      expect(dry.stdout).toMatch(/"scriptContents":"\(\d+ bytes\)"/)
      expect(dry.stdout).toContain('client_secret=[redacted]')
      expect(dry.stderr).toMatch(/dry run: nothing was sent/)
    },
  )

  it('fails in one line: FILE not a script (2), the role without the privilege (1)', SLOW, async () => {
    expectOneLineError(await jamf(notScript), 2, /is not a script: it does not start with #!/)

    server.inject({path: /computer-extension-attributes/, status: 403, body: '{"httpStatus":403}'})
    expectOneLineError(
      await jamf(script),
      1,
      /denied GET \/api\/v1\/computer-extension-attributes \(403\).*Computer Extension Attributes/,
    )
  })
})

describe('pppc fleet push kandji', () => {
  it('creates the custom script and assigns it, then leaves it, then updates its frequency', SLOW, async () => {
    const lab = server.seedBlueprint('Lab Macs')
    const created = await kandji(script, ['--blueprint', 'Lab Macs', '--json'])
    expect(created.exitCode).toBe(0)
    const result = JSON.parse(created.stdout) as {action: string; id: string; blueprints: unknown[]}
    expect(result).toMatchObject({mdm: 'kandji', action: 'created', blueprints: [{name: 'Lab Macs', already: false}]})
    expect(server.kandji.scripts).toHaveLength(1)
    expect(server.kandji.scripts[0]).toMatchObject({
      id: result.id,
      name: NAME,
      active: true,
      execution_frequency: 'every_day',
      remediation_script: '',
      restart: false,
      show_in_self_service: false,
    })
    expect(lab.items).toEqual([result.id])

    const again = await kandji(script, ['--blueprint', 'Lab Macs'])
    expect(again.stdout).toBe(`unchanged custom script "${NAME}" in Kandji: id ${result.id}\n`)
    expect(server.seen('PATCH', /custom-scripts/)).toHaveLength(0)

    const updated = await kandji(script, ['--frequency', 'every_15_min'])
    expect(updated.stdout).toBe(
      `updated custom script "${NAME}" in Kandji: id ${result.id}\n  frequency: every_day → every_15_min\n`,
    )
    expect(updated.stderr).toMatch(/note: .* runs on no Mac until assigned/)
    expect(server.kandji.scripts[0]!.execution_frequency).toBe('every_15_min')
  })

  it('--plan changes nothing; an unknown Blueprint stops the push (2); --dry-run sends nothing', SLOW, async () => {
    server.seedBlueprint('Lab Macs')
    const plan = await kandji(script, ['--blueprint', 'Lab Macs', '--plan'])
    expect(plan.stdout).toBe(`plan: create custom script "${NAME}" in Kandji\n  Blueprint: + "Lab Macs"\n`)
    expect(server.kandji.scripts).toHaveLength(0)
    expectOneLineError(await kandji(script, ['--blueprint', 'Nope']), 2, /no Blueprint by that name/)
    expect(server.kandji.scripts).toHaveLength(0)
    server.requests.length = 0
    const dry = await kandji(script, ['--dry-run'])
    expect(server.requests).toHaveLength(0)
    expect(dry.stdout).toContain('Authorization: Bearer [redacted]')
    expect(dry.stdout).toMatch(/"script":"\(\d+ bytes\)"/)
  })
})

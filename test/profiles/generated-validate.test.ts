import {describe, expect, it} from 'vitest'
import type {AppRequest} from '../../src/profiles/assemble.js'
import {allApps} from '../../src/profiles/catalogue.js'
import type {MdmName} from '../../src/profiles/flavors.js'
import {parseJamfClassicXml} from '../../src/profiles/jamf-xml.js'
import {validateBytes} from '../../src/profiles/validate.js'
import {generateFor} from '../helpers/generate.js'

const STRICT = {minMacos: '11.0.0', targetMacos: '15.6.0'}

async function strictFindings(content: string, mdm?: 'jamf' | 'kandji') {
  const report = await validateBytes('generated.mobileconfig', Buffer.from(content), mdm ? {...STRICT, mdm} : STRICT)
  return report.findings.filter((f) => f.severity !== 'info')
}

describe('everything pppc generate makes passes pppc validate --strict', () => {
  // RealVNC's published requirement pins no Team ID: generate refuses it unless told (tested below).
  for (const app of allApps().filter((a) => a.key !== 'realvnc-server')) {
    for (const mdm of ['kandji', 'jamf', 'generic'] as MdmName[]) {
      it(`${app.key} for ${mdm}`, async () => {
        const result = await generateFor([{kind: 'catalogue', name: app.key}], {
          mdm,
          identity: {identifier: `edu.example.pppc.${app.key}`, organization: 'Example'},
        })
        expect(await strictFindings(result.content, mdm === 'generic' ? undefined : mdm)).toEqual([])
      })
    }
  }

  it('all apps with their optional grants in one profile', async () => {
    const requests: AppRequest[] = allApps()
      .filter((a) => a.key !== 'realvnc-server')
      .map((a) => ({
        kind: 'catalogue',
        name: a.key,
        grants: a.grants
          .filter((g) => g.optional && (g.receiver || g.service !== 'AppleEvents'))
          .map((g) => ({service: g.service, value: g.authorization, ...(g.receiver ? {receiver: g.receiver} : {})})),
      }))
    const result = await generateFor(requests, {identity: {identifier: 'edu.example.pppc.all'}})
    expect(await strictFindings(result.content)).toEqual([])
  })

  it('apps described by bundle ID and path, with Automation and denials', async () => {
    const result = await generateFor(
      [
        {
          kind: 'bundleID',
          identifier: 'com.example.tool',
          codeRequirement:
            'identifier "com.example.tool" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345',
        },
        {
          kind: 'path',
          identifier: '/usr/local/bin/example-agent',
          codeRequirement:
            'identifier "example-agent" and anchor apple generic and certificate leaf[subject.OU] = ABCDE12345',
        },
      ],
      {
        grants: [
          'fda=allow',
          'camera=deny',
          'input-monitoring=allow-standard-user',
          'automation:com.apple.systemevents=allow',
          'post-event=allow',
        ],
      },
    )
    expect(await strictFindings(result.content)).toEqual([])
  })

  it('the payload inside the Jamf Classic API body', async () => {
    const result = await generateFor([{kind: 'catalogue', name: 'beyondtrust'}], {mdm: 'jamf', format: 'jamf-xml'})
    const payloads = String(parseJamfClassicXml(result.content)!.general.payloads)
    expect(await strictFindings(payloads, 'jamf')).toEqual([])
  })

  it('refuses what validate would warn about, unless --allow-warnings', async () => {
    await expect(generateFor([{kind: 'catalogue', name: 'realvnc'}])).rejects.toThrow(
      /PPPC060: the requirement of com.realvnc.vncserver_service pins no Team ID.*--allow-warnings/,
    )
    await expect(
      generateFor(
        [{kind: 'path', identifier: '/bin/bash', codeRequirement: 'identifier "com.apple.bash" and anchor apple'}],
        {grants: ['fda=allow']},
      ),
    ).rejects.toThrow(/PPPC061/)
    const forced = await generateFor([{kind: 'catalogue', name: 'realvnc'}], {allowWarnings: true})
    const report = await validateBytes('f', Buffer.from(forced.content))
    expect(new Set(report.findings.map((f) => f.rule))).toEqual(new Set(['PPPC060']))
  })
})

import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {clientConfigIds} from '../../src/onboarding/client-configs.js'
import {CONTACT_KEYS, nearest, PAGE_STRINGS, pageStrings, parseSite, SITE_KEYS} from '../../src/onboarding/site.js'
import {BROWSERS} from '../../src/onboarding/steps.js'
import {FIXTURES, REPO} from '../helpers/paths.js'

describe('the site file', () => {
  it('reads the example a help desk copies', () => {
    const site = parseSite(readFileSync(join(FIXTURES, 'sites', 'example.site.yaml'), 'utf8'))
    expect(site).toEqual({
      organization: 'Example University IT Service Desk',
      portal: 'https://support.example.edu',
      contact: {phone: '+1 555 0100', email: 'servicedesk@example.edu', hours: 'Monday to Friday, 8:00 to 18:00'},
      clientConfig: 'permissions-upfront',
      mdm: 'kandji',
      defaultBrowser: 'chrome',
      strings: {title: 'Join a remote support session with the IT Service Desk'},
    })
    expect(pageStrings(site).intro).toMatch(/^A technician from Example University IT Service Desk will help you/)
    expect(pageStrings(undefined).title).toBe('Join a remote support session')
  })

  it.each([
    ['portl: https://x.example.edu', /pppc\.site\.yaml: unknown key "portl"; did you mean "portal"\?/],
    ['contact: {emial: a@b.edu}', /pppc\.site\.yaml: contact: unknown key "emial"; did you mean "email"\?/],
    ['strings: {titel: Hi}', /strings: unknown key "titel"; did you mean "title"\?/],
    ['colour: blue', /unknown key "colour"; known keys: organization, portal, contact/],
    [
      'clientConfig: access-on-requst',
      /clientConfig: "access-on-requst" is not one of .*; did you mean "access-on-request"\?/,
    ],
    ['mdm: intune', /mdm: "intune" is not one of kandji, jamf, none/],
    ['defaultBrowser: opera', /defaultBrowser: "opera" is not one of chrome, firefox, edge, safari/],
    ['portal: javascript:alert(1)', /portal: "javascript:alert\(1\)" is not a web address/],
    ['portal: support.example.edu', /portal: "support.example.edu" is not a web address/],
    ['contact: {email: not-mail}', /contact\.email: "not-mail" is not a mail address/],
    ['contact: {phone: call me}', /contact\.phone: "call me" is not a phone number/],
    ['organization: ""', /organization: is empty/],
    ['- a list', /is not a mapping of keys to values/],
    ['portal: [unclosed', /line 1: is not valid YAML/],
    ['portal: https://a.example\nportal: https://b.example', /is not valid YAML/],
  ])('refuses %j in one line', (source, message) => {
    let error: Error | undefined
    try {
      parseSite(source)
    } catch (e) {
      error = e as Error
    }
    expect(error?.message).toMatch(message)
    expect(error?.message).not.toContain('\n')
    expect((error as {exitCode?: number}).exitCode).toBe(2)
  })

  it('suggests only near words', () => {
    expect(nearest('organisation', ['organization', 'portal'])).toBe('organization')
    expect(nearest('zzz', ['organization', 'portal'])).toBeUndefined()
  })
})

describe('schemas/site.schema.json', () => {
  const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'site.schema.json'), 'utf8')) as {
    additionalProperties: boolean
    properties: Record<string, {enum?: string[]; properties?: Record<string, unknown>; additionalProperties?: boolean}>
  }
  it('describes the keys the parser reads, and refuses others as it does', () => {
    expect(schema.additionalProperties).toBe(false)
    expect(Object.keys(schema.properties)).toEqual([...SITE_KEYS])
    expect(Object.keys(schema.properties.contact!.properties!)).toEqual([...CONTACT_KEYS])
    expect(Object.keys(schema.properties.strings!.properties!)).toEqual(Object.keys(PAGE_STRINGS))
    expect(schema.properties.clientConfig!.enum).toEqual(clientConfigIds())
    expect(schema.properties.defaultBrowser!.enum).toEqual(BROWSERS.map((b) => b.id))
  })
})

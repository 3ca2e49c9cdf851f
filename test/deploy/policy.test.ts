import {describe, expect, it} from 'vitest'
import {PppcError} from '../../src/errors.js'
import {requireSafeUrl, showRequest} from '../../src/deploy/http.js'
import {keepIdentity} from '../../src/deploy/identity.js'
import {Secrets} from '../../src/deploy/secrets.js'
import type {PlistValue} from '../../src/profiles/model.js'

describe('the URL rule', () => {
  it('takes https anywhere and http only on this machine', () => {
    expect(requireSafeUrl('https://example.jamfcloud.com', '--url').href).toBe('https://example.jamfcloud.com/')
    expect(requireSafeUrl('https://example.com/jamf', '--url').href).toBe('https://example.com/jamf/')
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:9', 'http://[::1]:9'])
      expect(requireSafeUrl(local, '--url').protocol).toBe('http:')
    for (const bad of [
      'http://example.com',
      'http://127.0.0.2',
      'ftp://example.com',
      'https://user:pw@example.com',
      'example.com',
      'https://example.com/?token=abc',
      'https://example.com/#token',
    ]) {
      expect(() => requireSafeUrl(bad, '--url')).toThrow(PppcError)
    }
  })
})

describe('secrets', () => {
  it('are redacted in every spelling that can reach text', () => {
    const secrets = new Secrets()
    secrets.add('p@ss word/+1')
    const basic = secrets.addBasic('admin', 'hunter2-long')
    const text = `raw p@ss word/+1, url p%40ss%20word%2F%2B1, form p%40ss+word%2F%2B1, basic ${basic}, header Bearer eyJ.abc.def`
    expect(secrets.redact(text)).toBe(
      'raw [redacted], url [redacted], form [redacted], basic [redacted], header Bearer [redacted]',
    )
  })

  it('are masked in a shown request: credential headers and form fields, whatever their length', () => {
    const shown = showRequest(
      {
        method: 'POST',
        url: new URL('https://j.example.com/api/oauth/token'),
        headers: {'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Basic YTpi'},
        body: 'grant_type=client_credentials&client_id=ci&client_secret=abc',
      },
      new Secrets(),
    )
    expect(shown.headers.Authorization).toBe('Basic [redacted]')
    expect(shown.body).toBe('grant_type=client_credentials&client_id=ci&client_secret=[redacted]')
  })
})

describe('keepIdentity', () => {
  const stored: PlistValue = {
    PayloadUUID: 'JAMF-TOP',
    PayloadIdentifier: 'JAMF-TOP',
    PayloadType: 'Configuration',
    PayloadContent: [
      {PayloadType: 'com.apple.TCC.configuration-profile-policy', PayloadUUID: 'OLD-TCC', PayloadIdentifier: 'old.tcc'},
      {PayloadType: 'com.apple.notificationsettings', PayloadUUID: 'OLD-N', PayloadIdentifier: 'old.n'},
    ],
  }

  it('keeps the stored identity at the top and on payloads paired by identifier, then by a type found once', () => {
    const next: PlistValue = {
      PayloadUUID: 'NEW-TOP',
      PayloadIdentifier: 'new',
      PayloadType: 'Configuration',
      PayloadContent: [
        {PayloadType: 'com.apple.notificationsettings', PayloadUUID: 'NEW-N', PayloadIdentifier: 'old.n', Extra: 1},
        {
          PayloadType: 'com.apple.TCC.configuration-profile-policy',
          PayloadUUID: 'NEW-TCC',
          PayloadIdentifier: 'new.tcc',
        },
        {PayloadType: 'com.apple.applicationaccess', PayloadUUID: 'NEW-R', PayloadIdentifier: 'new.r'},
      ],
    }
    expect(keepIdentity(next, stored)).toEqual({
      PayloadUUID: 'JAMF-TOP',
      PayloadIdentifier: 'JAMF-TOP',
      PayloadType: 'Configuration',
      PayloadContent: [
        {PayloadType: 'com.apple.notificationsettings', PayloadUUID: 'OLD-N', PayloadIdentifier: 'old.n', Extra: 1},
        {
          PayloadType: 'com.apple.TCC.configuration-profile-policy',
          PayloadUUID: 'OLD-TCC',
          PayloadIdentifier: 'old.tcc',
        },
        {PayloadType: 'com.apple.applicationaccess', PayloadUUID: 'NEW-R', PayloadIdentifier: 'new.r'},
      ],
    })
  })

  it('does not guess between two payloads of the same type', () => {
    const next = {
      PayloadContent: [
        {PayloadType: 'com.apple.TCC.configuration-profile-policy', PayloadUUID: 'A', PayloadIdentifier: 'a'},
        {PayloadType: 'com.apple.TCC.configuration-profile-policy', PayloadUUID: 'B', PayloadIdentifier: 'b'},
      ],
    }
    expect(
      (keepIdentity(next, stored) as {PayloadContent: {PayloadUUID: string}[]}).PayloadContent.map(
        (p) => p.PayloadUUID,
      ),
    ).toEqual(['A', 'B'])
  })
})

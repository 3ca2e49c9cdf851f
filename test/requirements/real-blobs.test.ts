import {describe, expect, test} from 'vitest'
import {
  decodeRequirementBlob,
  decodeRequirementSet,
  encodeRequirement,
  encodeRequirementText,
  evaluateRequirement,
  formatRequirement,
  parseRequirement,
  sameRequirement,
  summarizeRequirement,
} from '../../src/requirements/index.js'
import {developerId, macAppStore} from './facts.js'

/**
 * Compiled requirements published with their text, where the text did not come from this code: csreq -t / codesign
 * -dr - output printed next to the blob, or the text a blob was compiled from with csreq -b.
 */
interface Vector {
  source: string
  hex: string
  text: string
  /** The blob nests its chains as Apple's compiler does (to the left), so compiling the text must give it back. */
  compiledFromText: boolean
}

const vectors: Vector[] = [
  {
    // HackTricks-wiki/hacktricks @ 0164fe76c8941e3514186c1d31c72d2cb4a9d14f,
    // macos-hardening/macos-security-and-privilege-escalation/macos-security-protections/macos-tcc/README.md,
    // "TCC Signature Checks": `select hex(csreq) from access where client="ru.keepcoder.Telegram"`, then csreq -t.
    source: 'HackTricks macos-tcc README: Telegram row of TCC.db',
    hex: 'FADE0C00000000CC000000010000000600000007000000060000000F0000000E000000000000000A2A864886F763640601090000000000000000000600000006000000060000000F0000000E000000010000000A2A864886F763640602060000000000000000000E000000000000000A2A864886F7636406010D0000000000000000000B000000000000000A7375626A6563742E4F550000000000010000000A364E33385657533542580000000000020000001572752E6B656570636F6465722E54656C656772616D000000',
    text: '(anchor apple generic and certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */ or anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = "6N38VWS5BX") and identifier "ru.keepcoder.Telegram"',
    compiledFromText: true,
  },
  {
    // trodemaster/lima_mac @ 48f8eb73139c96441691e76e5d79bf8db753c6e2, docs/MACOS_SECURITY.md §6 "csreq Blobs":
    // Terminal's client csreq, made with `echo 'identifier "com.apple.Terminal" and anchor apple' | csreq -b`.
    // The same bytes appear in HackTricks' TCC bypass pages (INSERT INTO access … X'fade0c…').
    source: 'lima_mac MACOS_SECURITY.md: com.apple.Terminal',
    hex: 'FADE0C000000003000000001000000060000000200000012636F6D2E6170706C652E5465726D696E616C000000000003',
    text: 'identifier "com.apple.Terminal" and anchor apple',
    compiledFromText: true,
  },
  {
    // trodemaster/lima_mac @ 48f8eb73, docs/MACOS_SECURITY.md §6: "verified byte-for-byte against genuine macOS
    // 15.7.7 user-consent entry" (Finder as an Apple Events receiver).
    source: 'lima_mac MACOS_SECURITY.md: com.apple.finder',
    hex: 'FADE0C000000002C00000001000000060000000200000010636F6D2E6170706C652E66696E64657200000003',
    text: 'identifier "com.apple.finder" and anchor apple',
    compiledFromText: true,
  },
  {
    // trodemaster/lima_mac @ 48f8eb73, docs/MACOS_SECURITY.md §6: System Events receiver, made with csreq -b.
    source: 'lima_mac MACOS_SECURITY.md: com.apple.systemevents',
    hex: 'FADE0C000000003400000001000000060000000200000016636F6D2E6170706C652E73797374656D6576656E7473000000000003',
    text: 'identifier "com.apple.systemevents" and anchor apple',
    compiledFromText: true,
  },
  {
    // trodemaster/lima_mac @ 48f8eb73, docs/MACOS_SECURITY.md §6: /usr/libexec/sshd-keygen-wrapper's client csreq.
    source: 'lima_mac MACOS_SECURITY.md: com.apple.sshd-keygen-wrapper',
    hex: 'FADE0C000000003C0000000100000006000000020000001D636F6D2E6170706C652E737368642D6B657967656E2D7772617070657200000000000003',
    text: 'identifier "com.apple.sshd-keygen-wrapper" and anchor apple',
    compiledFromText: true,
  },
  {
    // anchore/quill @ 773deb75aa1856bc76d20f25d992a9ea72ec9d28, quill/sign/requirements_test.go: the designated
    // requirement inside hello_signed's signature (xxd at 0xc395) and `codesign -d -r-` on the same file.
    source: 'quill requirements_test.go: hello_signed',
    hex: 'fade0c00000000440000000100000006000000020000000c68656c6c6f5f7369676e656400000004ffffffff000000147b976483773b9869fac877afe7d833670ea73d5b',
    text: 'identifier "hello_signed" and certificate root = H"7b976483773b9869fac877afe7d833670ea73d5b"',
    compiledFromText: true,
  },
  {
    // anchore/quill @ 773deb75, quill/sign/requirements_test.go: syft_signed's designated requirement (xxd at
    // 0x014faa3c) and codesign -d -r- (printed there over five lines). codesign nests this chain to the right, so the
    // compiler's left-nested blob of the same text differs in byte order but not in meaning.
    source: 'quill requirements_test.go: syft_signed',
    hex:
      'fade0c00000000900000000100000006000000020000000473796674000000060000000f000000060000000e000000010000000a2a864886f76364060206000000000000000000060000000e000000000000000a2a864886f7636406010d0000000000000000000b000000000000000a7375626a6563742e4f550000000000010000000a394d4a484b5958354154' +
      '0000',
    text: 'identifier syft and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = "9MJHKYX5AT"',
    compiledFromText: false,
  },
]

describe('real csreq blobs decode to the text macOS printed for them', () => {
  test.each(vectors)('$source', ({hex, text, compiledFromText}) => {
    const blob = Buffer.from(hex, 'hex')
    const decoded = decodeRequirementBlob(blob)
    expect(decoded.ok).toBe(true)
    if (!decoded.ok) return
    expect(formatRequirement(decoded.requirement)).toBe(text)
    // Decoding keeps the blob's own nesting, so encoding gives back the very bytes.
    expect(encodeRequirement(decoded.requirement).toString('hex')).toBe(hex.toLowerCase())

    const parsed = parseRequirement(text)
    expect(parsed.ok && sameRequirement(parsed.requirement, decoded.requirement)).toBe(true)
    if (compiledFromText) expect(encodeRequirementText(text).toString('hex')).toBe(hex.toLowerCase())
  })

  test("the Telegram row's requirement admits Telegram from the App Store and from its Developer ID", () => {
    const decoded = decodeRequirementBlob(Buffer.from(vectors[0]!.hex, 'hex'))
    if (!decoded.ok) throw new Error(decoded.problem.message)
    expect(summarizeRequirement(decoded.requirement)).toMatchObject({
      identifiers: {kind: 'only', identifiers: ['ru.keepcoder.Telegram']},
      teamIds: ['6N38VWS5BX'],
      anchors: ['apple-generic'],
      macAppStore: true,
      developerId: true,
      pinsSigner: true,
    })
    expect(evaluateRequirement(decoded.requirement, macAppStore('ru.keepcoder.Telegram', '6N38VWS5BX')).result).toBe(
      'satisfied',
    )
    expect(evaluateRequirement(decoded.requirement, developerId('ru.keepcoder.Telegram', '6N38VWS5BX')).result).toBe(
      'satisfied',
    )
    expect(evaluateRequirement(decoded.requirement, developerId('ru.keepcoder.Telegram', 'ABCDE12345'))).toMatchObject({
      result: 'not-satisfied',
    })
  })

  test('the requirement sets quill dumped from signed binaries read as their designated requirements', () => {
    // anchore/quill @ 773deb75, quill/sign/requirements_test.go: the whole requirements blob (magic fade0c01).
    const helloSet =
      'fade0c0100000058000000010000000300000014fade0c00000000440000000100000006000000020000000c68656c6c6f5f7369676e656400000004ffffffff000000147b976483773b9869fac877afe7d833670ea73d5b'
    const decoded = decodeRequirementSet(Buffer.from(helloSet, 'hex'))
    expect(decoded.ok).toBe(true)
    if (!decoded.ok) return
    expect(decoded.requirements.map((r) => `${r.name} => ${formatRequirement(r.requirement)}`)).toEqual([
      'designated => identifier "hello_signed" and certificate root = H"7b976483773b9869fac877afe7d833670ea73d5b"',
    ])
    // A set is not what TCC.db stores; the single-requirement decoder says so.
    const single = decodeRequirementBlob(Buffer.from(helloSet, 'hex'))
    expect(single.ok || single.problem).toMatchObject({kind: 'bad-magic', hint: expect.stringContaining('set')})
  })
})

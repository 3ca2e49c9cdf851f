/** Seeded garbage for the robustness test: the same seed gives the same 10,000 inputs on every machine. */

export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Mutation = (seed: Buffer, rand: () => number) => Buffer

const int = (rand: () => number, n: number) => Math.floor(rand() * n)

const TYPE_SWAPS: [RegExp, string][] = [
  [/<string>([^<]*)<\/string>/, '<integer>$1</integer>'],
  [/<string>([^<]*)<\/string>/, '<true/>'],
  [/<string>([^<]*)<\/string>/, '<dict><key>$1</key><string>x</string></dict>'],
  [/<array>/, '<dict>'],
  [/<dict>/, '<array>'],
  [/<integer>1<\/integer>/, '<real>1.5</real>'],
  [/<true\/>/, '<integer>7</integer>'],
  [/<key>Services<\/key>\s*<dict>/, '<key>Services</key><array>'],
  [/<key>([A-Za-z]+)<\/key>/, '<key></key>'],
  [/<string>([^<]*)<\/string>/, '<date>not a date</date>'],
  [/<string>([^<]*)<\/string>/, '<data>!!not base64!!</data>'],
]

const ENTITY_TRICKS = [
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><plist version="1.0"><dict><key>PayloadType</key><string>&lol3;</string></dict></plist>',
  '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><plist version="1.0"><dict><key>PayloadDisplayName</key><string>&xxe;</string></dict></plist>',
  '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]><plist><dict/></plist>',
  '<plist><dict><key>a</key><string>&#xFFFFFFF;</string></dict></plist>',
  '<plist><dict><key>a</key><string>&#0;&#x1F;&amp</string></dict></plist>',
  '<plist><dict><key>__proto__</key><dict><key>polluted</key><true/></dict><key>constructor</key><string>x</string></dict></plist>',
]

export const MUTATIONS: Record<string, Mutation> = {
  truncate: (seed, rand) => seed.subarray(0, int(rand, seed.length)),
  byteFlip: (seed, rand) => {
    const out = Buffer.from(seed)
    for (let i = 0, n = 1 + int(rand, 8); i < n; i++) out[int(rand, out.length)] = int(rand, 256)
    return out
  },
  wrongTypes: (seed, rand) => {
    let text = seed.toString('utf8')
    for (let i = 0, n = 1 + int(rand, 4); i < n; i++) {
      const [pattern, replacement] = TYPE_SWAPS[int(rand, TYPE_SWAPS.length)]!
      const matches = [...text.matchAll(new RegExp(pattern, 'g'))]
      const m = matches[int(rand, Math.max(1, matches.length))]
      if (m?.index !== undefined)
        text = text.slice(0, m.index) + m[0].replace(pattern, replacement) + text.slice(m.index + m[0].length)
    }
    return Buffer.from(text)
  },
  deepNesting: (_seed, rand) => {
    const depth = 200 + int(rand, 5_000)
    const open = rand() < 0.5 ? '<array>' : '<dict><key>k</key>'
    const close = open === '<array>' ? '</array>' : '</dict>'
    return Buffer.from(`<plist version="1.0">${open.repeat(depth)}<string>x</string>${close.repeat(depth)}</plist>`)
  },
  hugeString: (seed, rand) => {
    const text = seed.toString('utf8')
    const at = text.indexOf('<string>') + 8
    const filler = (rand() < 0.5 ? 'A' : '&amp;"\u00e9\u{1F600}').repeat(10_000 + int(rand, 50_000))
    return Buffer.from(at > 8 ? text.slice(0, at) + filler + text.slice(at) : filler)
  },
  entityTrick: (_seed, rand) => Buffer.from(ENTITY_TRICKS[int(rand, ENTITY_TRICKS.length)]!),
  randomBytes: (_seed, rand) => {
    const out = Buffer.alloc(int(rand, 4096))
    for (let i = 0; i < out.length; i++) out[i] = int(rand, 256)
    // Two separate draws: a bplist header, or (drawn again) a DER-like first byte.
    if (rand() < 0.3) out.write('bplist00')
    else {
      if (rand() < 0.3 && out.length > 2) out[0] = 0x30
    }
    return out
  },
}

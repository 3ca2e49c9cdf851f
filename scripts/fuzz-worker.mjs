/**
 * One batch of fuzz inputs (see fuzz.mjs). Input i is made from its own seed, so a batch restarted after a hang makes
 * the same inputs. Every target imports the built modules directly.
 */
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parentPort, workerData} from 'node:worker_threads'
import {deflateRawSync} from 'node:zlib'
import {XMLParser, XMLValidator} from 'fast-xml-parser'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = (path) => import(join(root, 'dist', path))
const {validateBytes} = await dist('profiles/validate.js')
const {readProfile} = await dist('profiles/read.js')
const {grantRows} = await dist('profiles/inspect.js')
const {FORMATTERS, summarise} = await dist('render/report-formats.js')
const {listZip} = await dist('install/zip-listing.js')
const {inspectArchive, ARCHIVE_LIMITS} = await dist('install/archive.js')
const {RecordedMac} = await dist('system/recorded-mac.js')
const {gatherFacts} = await dist('checks/gather.js')
const {diagnose} = await dist('checks/diagnose.js')
const {doctorView} = await dist('render/doctor-view.js')
const {renderDoctorText} = await dist('render/doctor-text.js')
const {requireApp} = await dist('profiles/catalogue.js')
const {redactBytes, redactCommand} = await dist('system/redact.js')
const {jsonSafe, terminalSafe} = await dist('util/safe-text.js')
const {readRequirement} = await dist('profiles/requirement-reading.js')
const {isPppcError} = await dist('errors.js')
const {excerpt} = await dist('deploy/http.js')
const {Secrets} = await dist('deploy/secrets.js')
const {keepIdentity} = await dist('deploy/identity.js')

const {seed, from, to} = workerData
const work = mkdtempSync(join(tmpdir(), 'pppc-fuzz-'))
const app = requireApp('beyondtrust')

function prng(s) {
  let a = s >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const int = (rand, n) => Math.floor(rand() * n)
const pick = (rand, list) => list[int(rand, list.length)]

// Seeds: the project's own fixtures.
const PROFILES = join(root, 'fixtures', 'profiles')
const files = (dir) => readdirSync(join(PROFILES, dir)).map((f) => readFileSync(join(PROFILES, dir, f)))
const all = [...files('good'), ...files('bad'), ...files('signed')]
const xmlSeeds = all.filter((b) => b[0] === 0x3c || b.subarray(0, 5).toString() === '<?xml')
const binarySeeds = all.filter((b) => b.subarray(0, 8).toString('latin1') === 'bplist00' && b.length < 100_000)
const signedSeeds = all.filter((b) => b[0] === 0x30)
const requirements = xmlSeeds
  .flatMap((b) => [...b.toString('utf8').matchAll(/<key>CodeRequirement<\/key>\s*<string>([^<]*)<\/string>/g)])
  .map((m) => m[1])

const HOSTILE = [
  '\u001b[2J\u001b]0;x\u0007',
  '\u202e',
  '../../',
  '&#0;',
  '&#xD800;',
  '<![CDATA[',
  ']]>',
  '%0A::error::x',
  '\u0000',
  '9223372036854775808',
  '+0x',
  '(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((',
  '!'.repeat(200),
  'A'.repeat(70_000),
  '"',
  '\\',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
]

function byteFlip(rand, seed) {
  const out = Buffer.from(seed)
  for (let i = 0, n = 1 + int(rand, 8); i < n; i++) out[int(rand, out.length)] = int(rand, 256)
  return out
}

function splice(rand, seed) {
  const text = seed.toString('latin1')
  const at = int(rand, text.length + 1)
  const cut = int(rand, 40)
  return Buffer.from(text.slice(0, at) + pick(rand, HOSTILE) + text.slice(at + cut), 'latin1')
}

function mutateXml(rand) {
  const seed = pick(rand, xmlSeeds)
  const text = seed.toString('utf8')
  switch (int(rand, 9)) {
    case 0:
      return seed.subarray(0, int(rand, seed.length))
    case 1:
      return byteFlip(rand, seed)
    case 2:
      return splice(rand, seed)
    case 3: {
      const n = 1 + int(rand, 3000)
      const open = rand() < 0.5 ? '<array>' : '<dict><key>k</key>'
      return Buffer.from(
        `<plist>${open.repeat(n)}<true/>${(open === '<array>' ? '</array>' : '</dict>').repeat(n)}</plist>`,
      )
    }
    case 4:
      return Buffer.from(
        text.replace(
          /<integer>[^<]*<\/integer>/,
          `<integer>${pick(rand, ['0x1', '+1', '-0', ' 7', '7 ', '99999999999999999999', '0X7fffffffffffffff', '-9223372036854775808', '1e3', ''])}</integer>`,
        ),
      )
    case 5:
      return Buffer.from(
        text.replace(
          'encoding="UTF-8"',
          `encoding="${pick(rand, ['ISO-8859-1', 'UTF-16', 'latin1', 'x-unknown', 'windows-1252', 'shift_jis', ''])}"`,
        ),
        'latin1',
      )
    case 6:
      return Buffer.from(
        text.replace(
          /<string>([^<]*)<\/string>/,
          `<string>${pick(rand, HOSTILE).replace(/&(?!#)/g, '&amp;')}</string>`,
        ),
      )
    case 7:
      return Buffer.from(
        text.replace(
          /<key>Accessibility<\/key>\s*<array>/,
          `<key>Accessibility</key><array>${'<dict/>'.repeat(int(rand, 2_000))}`,
        ),
      )
    default:
      return Buffer.from(`\ufeff${text}`, rand() < 0.5 ? 'utf16le' : 'utf8')
  }
}

function mutateBinary(rand) {
  const seed = pick(rand, binarySeeds)
  switch (int(rand, 4)) {
    case 0:
      return seed.subarray(0, int(rand, seed.length))
    case 1: {
      // The trailer: sizes, counts and offsets.
      const out = Buffer.from(seed)
      const at = out.length - 32 + int(rand, 32)
      out[at] = pick(rand, [0, 1, 2, 4, 8, 0xff, int(rand, 256)])
      return out
    }
    case 2: {
      // A marker byte: types and lengths.
      const out = Buffer.from(seed)
      out[8 + int(rand, Math.max(1, out.length - 40))] = int(rand, 256)
      return out
    }
    default:
      return byteFlip(rand, seed)
  }
}

function mutateSigned(rand) {
  const seed = pick(rand, signedSeeds)
  return int(rand, 2) === 0 ? byteFlip(rand, seed) : seed.subarray(0, int(rand, seed.length))
}

// A small zip writer (stored and deflated entries, Unix modes) for the archive seeds.
function zip(items) {
  const locals = []
  const centrals = []
  let offset = 0
  for (const item of items) {
    const name = Buffer.from(item.name)
    const plain = Buffer.from(item.data ?? '')
    const data = item.deflate ? deflateRawSync(plain) : plain
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(item.deflate ? 8 : 0, 8)
    local.writeUInt32LE(item.crc ?? 0, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(plain.length, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 30, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(item.deflate ? 8 : 0, 10)
    central.writeUInt32LE(item.crc ?? 0, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(plain.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(((item.mode ?? 0o100644) << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    centrals.push(central, name)
    offset += 30 + name.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(items.length, 8)
  end.writeUInt16LE(items.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const APP = 'Open To Start Support Session.app'
const zipSeed = zip([
  {name: `${APP}/`, mode: 0o40755},
  {name: `${APP}/Contents/Info.plist`, data: '<plist version="1.0"><dict/></plist>', deflate: true},
  {name: `${APP}/Contents/MacOS/sdcust`, data: 'code '.repeat(500), deflate: true, mode: 0o100755},
  {name: `${APP}/Contents/Frameworks/A.framework/Versions/Current`, data: 'A', mode: 0o120777},
])

function mutateZip(rand) {
  switch (int(rand, 6)) {
    case 0:
      return byteFlip(rand, zipSeed)
    case 1:
      return zipSeed.subarray(0, int(rand, zipSeed.length))
    case 2: {
      // A header field: counts, sizes, offsets, name lengths, modes.
      const out = Buffer.from(zipSeed)
      const at = int(rand, out.length - 4)
      out.writeUInt32LE(pick(rand, [0, 1, 0xffff, 0xffffffff, int(rand, 2 ** 32)]) >>> 0, at)
      return out
    }
    case 3:
      return zip([
        {
          name: pick(rand, [
            '../x',
            '/abs',
            'a\\..\\b',
            `${APP}/../../x`,
            `${APP}/\u001b[2Jx`,
            'a'.repeat(int(rand, 2000)),
          ]),
          data: 'x',
        },
        {name: `${APP}/l`, data: pick(rand, ['/etc', '../..', 'a/'.repeat(600)]), mode: 0o120777},
        {name: `${APP}/f`, mode: pick(rand, [0o10644, 0o20644, 0o60644, 0o140644, 0o170644])},
      ])
    case 4: {
      const n = int(rand, 3000)
      return zip(Array.from({length: n}, (_, i) => ({name: `${APP}/${i}`, data: ''})))
    }
    default:
      return zip([{name: `${APP}/z`, data: Buffer.alloc(int(rand, 1024 ** 2)), deflate: true}])
  }
}

// A recorded Mac without TCC.db copies (no sqlite3 process per input): commands.json and MDMOverrides.plist mutate.
const SNAPSHOT_SOURCE = join(root, 'fixtures', 'macs', 'macos-13.7.8-kandji-profile')
const snapshotIndex = readFileSync(join(SNAPSHOT_SOURCE, 'commands.json'), 'utf8')
const overridesPath = '/Library/Application Support/com.apple.TCC/MDMOverrides.plist'
const overrides = readFileSync(join(SNAPSHOT_SOURCE, 'files', overridesPath))

function mutateSnapshot(rand) {
  const index = JSON.parse(snapshotIndex)
  index.files = [{path: overridesPath, status: 'copied'}]
  const command = pick(rand, index.commands)
  const field = rand() < 0.8 ? 'stdout' : 'stderr'
  const text = command[field]
  const at = int(rand, text.length + 1)
  switch (int(rand, 4)) {
    case 0:
      command[field] = text.slice(0, at)
      break
    case 1:
      command[field] = text.slice(0, at) + pick(rand, HOSTILE) + text.slice(at + int(rand, 30))
      break
    case 2:
      command.exitCode = pick(rand, [0, 1, 2, 127, -1, 1e9])
      break
    default:
      command[field] = Buffer.from(byteFlip(rand, Buffer.from(text.length > 0 ? text : 'x'))).toString('latin1')
  }
  const plist = rand() < 0.5 ? byteFlip(rand, overrides) : overrides.subarray(0, int(rand, overrides.length))
  return {index: rand() < 0.05 ? JSON.stringify(index).slice(0, int(rand, 500)) : JSON.stringify(index), plist}
}

function mutateMdm(rand) {
  const jamf = `<?xml version="1.0" encoding="UTF-8"?><os_x_configuration_profile><general><id>42</id><name>PPPC ${pick(rand, HOSTILE)}</name><payloads>${xmlSeeds[0].toString('utf8').replace(/&/g, '&amp;').replace(/</g, '&lt;')}</payloads></general></os_x_configuration_profile>`
  const kandji = JSON.stringify({
    count: 1,
    next: null,
    results: [{id: 'x', name: pick(rand, HOSTILE), profile: xmlSeeds[0].toString('utf8')}],
  })
  const text = rand() < 0.5 ? jamf : kandji
  const bytes = int(rand, 2) === 0 ? splice(rand, Buffer.from(text)) : byteFlip(rand, Buffer.from(text))
  return bytes.toString(rand() < 0.5 ? 'utf8' : 'latin1')
}

const jamfParser = new XMLParser({parseTagValue: false, processEntities: true, htmlEntities: false})

function problem(index, kind, what, detail) {
  parentPort.postMessage({
    type: 'problem',
    index,
    kind,
    what,
    detail: String(detail).replace(/\s+/g, ' ').slice(0, 300),
  })
}

function checkFormats(index, kind, report) {
  const summary = summarise([report], false)
  for (const format of ['text', 'json', 'junit', 'sarif', 'github']) {
    const out = FORMATTERS[format]([report], summary)
    if (format === 'json' || format === 'sarif') {
      try {
        JSON.parse(out)
      } catch (error) {
        problem(index, kind, 'unparsable', `--format ${format}: ${error.message}`)
      }
    } else if (format === 'junit') {
      // The XML validator is slow on megabytes of findings; the control characters XML 1.0 refuses are checked always.
      const wellFormed = out.length > 200_000 || XMLValidator.validate(out) === true
      if (!wellFormed || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(out))
        problem(index, kind, 'invalidXml', 'junit output is not valid XML 1.0')
    } else if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/.test(out)) {
      problem(index, kind, 'unparsable', `--format ${format} carries raw control characters`)
    }
  }
}

const KINDS = ['xml', 'xml', 'xml', 'binary', 'binary', 'signed', 'zip', 'zip', 'snapshot', 'mdm', 'requirement']

async function run(index) {
  const rand = prng((seed * 1_000_003 + index * 2_654_435_761) >>> 0)
  const kind = KINDS[index % KINDS.length]
  try {
    if (kind === 'xml' || kind === 'binary' || kind === 'signed') {
      const bytes = kind === 'xml' ? mutateXml(rand) : kind === 'binary' ? mutateBinary(rand) : mutateSigned(rand)
      const report = await validateBytes(`fuzz-${index}`, bytes)
      if (report.findings.some((f) => f.rule === 'PPPC009')) problem(index, kind, 'crashes', 'PPPC009')
      checkFormats(index, kind, report)
      const read = await readProfile(bytes)
      if (read.ok) {
        const rows = grantRows(read.document.value)
        JSON.parse(jsonSafe({signature: read.document.signature ?? null, grants: rows}))
        for (const r of rows) terminalSafe(`${r.app} ${r.service} ${r.value}`)
      }
    } else if (kind === 'zip') {
      const file = join(work, 'fuzz.zip')
      writeFileSync(file, mutateZip(rand))
      try {
        const inspection = inspectArchive(await listZip(file, ARCHIVE_LIMITS))
        JSON.parse(jsonSafe(inspection))
      } catch (error) {
        if (!isPppcError(error)) throw error
      }
    } else if (kind === 'snapshot') {
      const dir = join(work, 'mac')
      rmSync(dir, {recursive: true, force: true})
      mkdirSync(join(dir, 'files', dirname(overridesPath)), {recursive: true})
      const {index: json, plist} = mutateSnapshot(rand)
      writeFileSync(join(dir, 'commands.json'), json)
      writeFileSync(join(dir, 'files', overridesPath), plist)
      try {
        const mac = await RecordedMac.open(dir)
        const diagnosis = diagnose(await gatherFacts(mac, app))
        JSON.parse(jsonSafe(diagnosis))
        renderDoctorText(doctorView(diagnosis))
        for (const c of JSON.parse(json).commands) redactCommand(c)
        redactBytes(plist, 'files')
      } catch (error) {
        if (!isPppcError(error)) throw error
      }
    } else if (kind === 'mdm') {
      const text = mutateMdm(rand)
      const secrets = new Secrets()
      secrets.add('pppc-fuzz-secret')
      excerpt(text, secrets)
      let doc
      try {
        doc = text.trimStart().startsWith('{') ? JSON.parse(text) : jamfParser.parse(text)
      } catch {
        doc = undefined
      }
      const payloads = doc?.os_x_configuration_profile?.general?.payloads ?? doc?.results?.[0]?.profile
      if (typeof payloads === 'string') {
        const stored = await readProfile(Buffer.from(payloads))
        const next = await readProfile(xmlSeeds[0])
        if (stored.ok && next.ok) keepIdentity(next.document.value, stored.document.value)
      }
    } else {
      const base = pick(rand, requirements)
      const at = int(rand, base.length + 1)
      readRequirement(base.slice(0, at) + pick(rand, HOSTILE) + base.slice(at + int(rand, 20)))
    }
  } catch (error) {
    problem(index, kind, 'crashes', `${error?.name}: ${error?.message}`)
  }
  parentPort.postMessage({type: 'done', index, kind})
}

for (let i = from; i < to; i++) await run(i)
rmSync(work, {recursive: true, force: true})
parentPort.postMessage({type: 'stopped'})

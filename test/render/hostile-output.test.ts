/**
 * Text from profiles and file names in every output format: escape codes, control characters, bidi overrides,
 * newlines, markup and GitHub's command syntax. Each format must parse and stay inert.
 */
import {readFileSync} from 'node:fs'
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {beforeAll, describe, expect, it} from 'vitest'
import {pppcInProcess} from '../helpers/cli.js'
import {FIXTURES} from '../helpers/paths.js'

const GOOD = readFileSync(join(FIXTURES, 'profiles', 'good', 'beyondtrust-authorization.mobileconfig'), 'utf8')

/** What a terminal obeys or shows wrongly: ESC, BEL, C1 CSI, bidi override, NUL, lone surrogate, line separator. */

const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])/

const HOSTILE_TEXT =
  'Evil\u001b[2J\u001b]0;owned\u0007 \u202eexe.TXT \u009b31m &lt;/testcase&gt; ]]&gt; %0A::error::forged&#10;second line &#27;[31m &#xD800; &#1; &#x202E;'

let dir: string
let file: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pppc-hostile-'))
  file = join(dir, 'evil\u001b[31m\u202e\nname.mobileconfig')
  const profile = GOOD.replace(
    '<string>Privacy Preferences Policy Control</string>',
    `<string>${HOSTILE_TEXT}</string>`,
  )
    .replace('<string>edu.example.pppc.bt</string>', `<string>${HOSTILE_TEXT}</string>`)
    .replace(
      '<key>PayloadDisplayName</key>',
      `<key>Bad\u001b[5mKey\u202e&#10;x</key><string>v</string><key>PayloadDisplayName</key>`,
    )
    .replace('<string>com.bomgar.bomgar-scc</string>', `<string>com.bomgar\u001b[8m.scc&#10;x</string>`)
  await writeFile(file, profile)
})

async function validate(format: string): Promise<string> {
  const result = await pppcInProcess(['validate', file, '--format', format])
  expect(result.exitCode, result.stderr).toBe(1)
  expect(result.stderr).toBe('')
  return result.stdout
}

describe('hostile strings in every output format', () => {
  it('text: nothing a terminal obeys; one line per finding (and its fix)', async () => {
    const out = await validate('text')
    expect(out).not.toMatch(UNSAFE)
    const lines = out.trimEnd().split('\n')
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(
        /^(\/.*evil\\x1b\[31m\\u202e\\nname\.mobileconfig(:\d+:\d+)?: (error|warning|info) PPPC\d{3} | {4}fix: )/,
      )
    expect(out).toContain('\\x1b[2J')
  })

  it('json: parses, and carries the strings exactly (terminal-unsafe characters as \\u escapes)', async () => {
    const out = await validate('json')
    expect(out).not.toMatch(UNSAFE)
    const json = JSON.parse(out)
    expect(json.files[0].path).toBe(file)
    expect(json.files[0].findings.some((f: {message: string}) => f.message.includes('\u001b[5m'))).toBe(true)
  })

  it('sarif: parses', async () => {
    const out = await validate('sarif')
    expect(out).not.toMatch(UNSAFE)
    const sarif = JSON.parse(out)
    expect(sarif.runs[0].results.length).toBeGreaterThan(0)
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(file)
  })

  it('junit: valid XML 1.0 (parsed by expat, through Python)', async () => {
    const out = await validate('junit')
    expect(out).not.toMatch(UNSAFE)
    const parsed = await execa(
      'python3',
      [
        '-c',
        'import sys, xml.dom.minidom as m; d = m.parseString(sys.stdin.buffer.read()); print(len(d.getElementsByTagName("failure")), d.getElementsByTagName("testcase")[0].getAttribute("name").encode("unicode_escape").decode())',
      ],
      {input: out, reject: false},
    )
    expect(parsed.stderr).toBe('')
    expect(parsed.exitCode).toBe(0)
    expect(Number(parsed.stdout.split(' ')[0])).toBeGreaterThan(0)
  })

  it('github: every annotation stays one line, with the file as one property', async () => {
    const out = await validate('github')
    expect(out).not.toMatch(UNSAFE)
    const lines = out.trimEnd().split('\n')
    const annotations = lines.slice(0, -1)
    expect(annotations.length).toBeGreaterThan(2)
    for (const line of annotations) {
      expect(line).toMatch(
        /^::(error|warning|notice) file=[^,:]*evil[^,:]*name\.mobileconfig(,line=\d+,col=\d+)?,title=PPPC\d{3} \w+::/,
      )
      // What follows the second :: is the message: a "::error::" inside it is text, not a command (it is not at a line start).
      expect(line.indexOf('::', 2)).toBe(
        line.search(/,title=PPPC\d{3} \w+::/) + line.match(/,title=PPPC\d{3} \w+/)![0].length,
      )
    }
    expect(lines.at(-1)).toMatch(/^pppc validate: 1 file, \d+ errors?, \d+ warnings?$/)
  })

  it('inspect: text is inert, --json parses with the exact strings', async () => {
    const text = await pppcInProcess(['inspect', file])
    expect(text.exitCode).toBe(0)
    expect(text.stdout).not.toMatch(UNSAFE)
    expect(text.stdout.split('\n')[0]).toMatch(/ — Evil\\x1b\[2J\\x1b\]0;owned\\x07 \\u202eexe\.TXT \\x9b31m/)
    const json = await pppcInProcess(['inspect', file, '--json'])
    expect(json.stdout).not.toMatch(UNSAFE)
    const parsed = JSON.parse(json.stdout)
    expect(parsed.grants[0].app).toBe('com.bomgar\u001b[8m.scc\nx')
    expect(parsed.path).toBe(file)
  })

  it('errors quoting a hostile path stay one inert line', async () => {
    const result = await pppcInProcess(['inspect', join(dir, 'missing\u001b[31m\nfile.mobileconfig')])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).not.toMatch(UNSAFE)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
  })
})

describe('hostile strings from a recorded Mac and a download', () => {
  it('doctor: a profile name with escape codes is shown, not obeyed', async () => {
    const {cp, readFile: read} = await import('node:fs/promises')
    const mac = join(dir, 'mac')
    await cp(join(FIXTURES, 'macs', 'macos-13.7.8-kandji-profile'), mac, {recursive: true})
    const index = JSON.parse(await read(join(mac, 'commands.json'), 'utf8'))
    for (const c of index.commands)
      c.stdout = c.stdout.replace('BeyondTrust Remote Support PPPC', 'BT\u001b]0;owned\u0007\u001b[2J\u202eCPPP')
    await writeFile(join(mac, 'commands.json'), JSON.stringify(index))
    const result = await pppcInProcess(['doctor', '--snapshot', mac])
    expect(result.stdout).toContain('BT\\x1b]0;owned\\x07\\x1b[2J\\u202eCPPP')
    expect(result.stdout).not.toMatch(UNSAFE)
  })

  it('install --dry-run: a zip entry name with escape codes and a newline stays on its line, inert', async () => {
    const {appBundle, buildZip, CLIENT_APP} = await import('../helpers/zip.js')
    const zip = join(dir, 'Open To Start Support Session.zip')
    await writeFile(zip, buildZip([...appBundle(CLIENT_APP), {name: `../x\u001b[2J\nforged line`, data: 'x'}]))
    const result = await pppcInProcess(['install', zip, '--dry-run'])
    expect(result.exitCode).toBe(1)
    expect(result.stdout + result.stderr).not.toMatch(UNSAFE)
    expect(result.stdout).toContain('entry "../x\\x1b[2J\\nforged line" climbs out with ".."')
    expect(result.stdout + result.stderr).not.toMatch(/^forged line/m)
  })
})

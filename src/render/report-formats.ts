import {describeSignature} from '../profiles/signature.js'
import type {FileReport} from '../profiles/validate.js'
import {RULES} from '../profiles/rules.js'
import {escapeJsonUnsafe, jsonSafe, jsonText, terminalSafe, xmlSafe} from '../util/safe-text.js'
import {Spool, type TextSink} from '../util/spool.js'

/** Each output format of `pppc validate`, as a function of the reports. Kept as a table: adding one is adding a row. */
export const REPORT_FORMATS = ['text', 'json', 'junit', 'sarif', 'github'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export interface Summary {
  files: number
  errors: number
  warnings: number
  infos: number
  failed: boolean
  /** --strict: warnings fail the run too. */
  strict: boolean
}

/**
 * Paths and messages carry text from the profiles (keys, values, signer names) and from file names: every format
 * escapes it for its reader. Text: control characters, escape sequences and bidi overrides made visible, one line per
 * finding. JUnit: valid XML 1.0. JSON and SARIF: JSON with terminal-unsafe characters as \u escapes. GitHub: one line.
 */
const xmlEscape = xmlSafe
const line = terminalSafe

function location(report: FileReport, finding: FileReport['findings'][number]): string {
  return finding.line ? `${report.path}:${finding.line}:${finding.column ?? 1}` : report.path
}

/** One file's lines in the text report (at least one: "ok", or its findings). */
function textFile(report: FileReport): string {
  const signed = report.signature ? ` (${describeSignature(report.signature)})` : ''
  if (report.findings.length === 0) return `${line(`${report.path}: ok${signed}`)}\n`
  const lines: string[] = []
  if (signed) lines.push(line(`${report.path}:${signed}`))
  for (const f of report.findings)
    lines.push(`${line(`${location(report, f)}: ${f.severity} ${f.rule} ${f.message}`)}\n    fix: ${line(f.fix)}`)
  return lines.join('\n') + '\n'
}

function textEnd(summary: Summary): string {
  return `${summary.files} file${summary.files === 1 ? '' : 's'}: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}, ${summary.infos} info\n`
}

function text(reports: FileReport[], summary: Summary): string {
  return reports.map(textFile).join('') + textEnd(summary)
}

function json(reports: FileReport[], summary: Summary): string {
  return jsonSafe({summary, files: reports}, 2) + '\n'
}

/**
 * A JSON document with one array written element by element: `head` up to and with the "[", each element, then
 * `tail` from "]"; the same bytes as `jsonSafe(value, 2)` of the whole. The array is at `depth` spaces (its elements
 * two more); an empty one is "[]". `template` is the document with `marker` (a string) in the array's place.
 */
function splitJson(template: string, marker: string): {head: string; tail: string} {
  const at = template.indexOf(JSON.stringify(marker))
  return {head: template.slice(0, at), tail: template.slice(at + JSON.stringify(marker).length)}
}

/** An element as `jsonText` writes it: not escaped yet (`escapeJsonUnsafe`, or a spool's `writeAsciiOr`). */
function element(value: unknown, index: number, depth: number): string {
  // Rendered inside arrays nested as deep as the element sits, so that JSON.stringify indents it as a part of the
  // whole, and cut out of them: a second pass adding the indent to every line cost as much again as the rendering.
  const levels = depth / 2 + 1
  const text = jsonText(wrappedIn(value, levels), 2)
  const [head, tail] = (WRAPPING[levels] ??= wrapping(levels))
  return `${index === 0 ? '[\n' : ',\n'}${' '.repeat(depth + 2)}${text.slice(head, text.length - tail)}`
}

function wrappedIn(value: unknown, levels: number): unknown {
  let wrapped = value
  for (let i = 0; i < levels; i++) wrapped = [wrapped]
  return wrapped
}

/** How many characters the nested arrays add before and after a value (by depth, as `element` wraps it). */
const WRAPPING: [number, number][] = []

function wrapping(levels: number): [number, number] {
  const text = JSON.stringify(wrappedIn(0, levels), undefined, 2)
  const at = text.indexOf('0')
  return [at, text.length - at - 1]
}

function arrayEnd(count: number, depth: number): string {
  return count === 0 ? '[]' : `\n${' '.repeat(depth)}]`
}

function marker(): string {
  return `__pppc_stream_${Math.random().toString(36).slice(2)}__`
}

/** Does this finding fail the run (and so count as a JUnit failure)? Errors always; warnings with --strict. */
function fails(severity: string, strict: boolean): boolean {
  return severity === 'error' || (strict && severity === 'warning')
}

function junitCase(report: FileReport, strict: boolean): string {
  const line = (f: FileReport['findings'][number]) =>
    `${location(report, f)}: ${f.severity} ${f.rule} ${f.message}\nfix: ${f.fix}`
  const failing = report.findings.filter((f) => fails(f.severity, strict))
  const passing = report.findings.filter((f) => !fails(f.severity, strict))
  const body = [
    ...failing.map(
      (f) =>
        `      <failure type="${f.rule}" message="${xmlEscape(`${f.rule} ${f.message}`)}">${xmlEscape(line(f))}</failure>`,
    ),
    // What was found but does not fail the run (warnings without --strict, info): shown, not counted.
    ...(passing.length > 0 ? [`      <system-out>${xmlEscape(passing.map(line).join('\n'))}</system-out>`] : []),
  ].join('\n')
  return `    <testcase classname="pppc.validate" name="${xmlEscape(report.path)}">${body ? `\n${body}\n    ` : ''}</testcase>`
}

/** Does this file count as a JUnit failure? */
function junitFails(report: FileReport, strict: boolean): boolean {
  return report.findings.some((f) => fails(f.severity, strict))
}

function junitHead(summary: Summary, failing: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pppc validate" tests="${summary.files}" failures="${failing}">\n  <testsuite name="pppc validate" tests="${summary.files}" failures="${failing}">\n`
}

const JUNIT_TAIL = '\n  </testsuite>\n</testsuites>\n'

function junit(reports: FileReport[], summary: Summary): string {
  const failing = reports.filter((r) => junitFails(r, summary.strict)).length
  return `${junitHead(summary, failing)}${reports.map((r) => junitCase(r, summary.strict)).join('\n')}${JUNIT_TAIL}`
}

const SARIF_LEVEL = {error: 'error', warning: 'warning', info: 'note'} as const

type SarifRule = (typeof RULES)[number]

function sarifLog(rules: readonly SarifRule[], results: unknown): unknown {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pppc',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: {text: r.title},
              help: {text: r.fix},
              defaultConfiguration: {level: SARIF_LEVEL[r.severity]},
            })),
          },
        },
        results,
      },
    ],
  }
}

/** What a SARIF result needs of a finding, as it is kept (spooled) until the rules used are known. */
type SarifFinding = [
  rule: string,
  severity: FileReport['findings'][number]['severity'],
  text: string,
  uri: string,
  line?: number,
  column?: number,
]

function sarifFinding(report: FileReport, f: FileReport['findings'][number]): SarifFinding {
  const found: SarifFinding = [f.rule, f.severity, `${f.message}. Fix: ${f.fix}`, report.path]
  if (f.line) found.push(f.line, f.column ?? 1)
  return found
}

function sarifResult([rule, severity, text, uri, line, column]: SarifFinding, ruleIndex: number): unknown {
  return {
    ruleId: rule,
    ruleIndex,
    level: SARIF_LEVEL[severity],
    message: {text},
    locations: [
      {
        physicalLocation: {
          artifactLocation: {uri},
          ...(line ? {region: {startLine: line, startColumn: column}} : {}),
        },
      },
    ],
  }
}

function usedRules(used: ReadonlySet<string>): SarifRule[] {
  return RULES.filter((r) => used.has(r.id))
}

function sarif(reports: FileReport[]): string {
  const rules = usedRules(new Set(reports.flatMap((r) => r.findings.map((f) => f.rule))))
  const results = reports.flatMap((report) =>
    report.findings.map((f) =>
      sarifResult(
        sarifFinding(report, f),
        rules.findIndex((r) => r.id === f.rule),
      ),
    ),
  )
  return jsonSafe(sarifLog(rules, results), 2) + '\n'
}

/** GitHub Actions workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions */
function escapeData(text: string): string {
  return terminalSafe(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

const GITHUB_COMMAND = {error: 'error', warning: 'warning', info: 'notice'} as const

function githubFile(report: FileReport): string {
  let out = ''
  for (const f of report.findings) {
    const props = [
      `file=${escapeProperty(report.path)}`,
      ...(f.line ? [`line=${f.line}`, `col=${f.column ?? 1}`] : []),
      `title=${escapeProperty(`${f.rule} ${f.severity}`)}`,
    ]
    out += `::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.message}. Fix: ${f.fix}`)}\n`
  }
  return out
}

function githubEnd(summary: Summary): string {
  return `pppc validate: ${summary.files} file${summary.files === 1 ? '' : 's'}, ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}\n`
}

function github(reports: FileReport[], summary: Summary): string {
  return reports.map(githubFile).join('') + githubEnd(summary)
}

export const FORMATTERS: Readonly<Record<ReportFormat, (reports: FileReport[], summary: Summary) => string>> = {
  text,
  json,
  junit,
  sarif,
  github,
}

/** The counts of the summary, added up file by file. */
export class Tally {
  files = 0
  errors = 0
  warnings = 0
  infos = 0

  add(report: FileReport): void {
    this.files++
    for (const f of report.findings)
      if (f.severity === 'error') this.errors++
      else if (f.severity === 'warning') this.warnings++
      else this.infos++
  }

  summary(strict: boolean): Summary {
    return {
      files: this.files,
      errors: this.errors,
      warnings: this.warnings,
      infos: this.infos,
      failed: this.errors > 0 || (strict && this.warnings > 0),
      strict,
    }
  }
}

export function summarise(reports: FileReport[], strict: boolean): Summary {
  const tally = new Tally()
  for (const report of reports) tally.add(report)
  return tally.summary(strict)
}

/**
 * A report written file by file, in bounded memory: each file's part goes out (or to a spool) as soon as the file is
 * done, and only counts are kept. The bytes are those of `FORMATTERS[format]` over all the files. Text and GitHub
 * write each file at once and the counts at the end; JSON, JUnit and SARIF begin with what is known only at the end
 * (the summary, the failure counts, the rules used), so their files go to a temporary file first and follow the head.
 */
export interface ReportStream {
  file(report: FileReport): Promise<void>
  /** Writes what is left; the summary is the Tally's over the files given. */
  end(summary: Summary): Promise<void>
  /** Removes the spool, if any (after end, or on failure). */
  dispose(): Promise<void>
}

export async function reportStream(format: ReportFormat, sink: TextSink, strict: boolean): Promise<ReportStream> {
  switch (format) {
    case 'text':
    case 'github': {
      const [each, end] = format === 'text' ? [textFile, textEnd] : [githubFile, githubEnd]
      return {
        file: async (report) => {
          const out = each(report)
          if (out) await sink.write(out)
        },
        end: (summary) => sink.write(end(summary)),
        dispose: async () => undefined,
      }
    }
    case 'json': {
      const spool = await Spool.create()
      let count = 0
      return {
        file: (report) => spool.writeAsciiOr(element(report, count++, 2), escapeJsonUnsafe),
        end: async (summary) => {
          const mark = marker()
          const {head, tail} = splitJson(`${jsonSafe({summary, files: mark}, 2)}\n`, mark)
          await sink.write(head)
          await spool.copyTo(sink)
          await sink.write(arrayEnd(count, 2) + tail)
        },
        dispose: () => spool.dispose(),
      }
    }
    case 'junit': {
      const spool = await Spool.create()
      let count = 0
      let failing = 0
      return {
        file: async (report) => {
          if (junitFails(report, strict)) failing++
          await spool.write(`${count++ === 0 ? '' : '\n'}${junitCase(report, strict)}`)
        },
        end: async (summary) => {
          await sink.write(junitHead(summary, failing))
          await spool.copyTo(sink)
          await sink.write(JUNIT_TAIL)
        },
        dispose: () => spool.dispose(),
      }
    }
    case 'sarif': {
      // The rules used head the log, and each result names its rule's index among them: the findings wait in the
      // spool, one JSON line each, until every file is read.
      const spool = await Spool.create()
      const used = new Set<string>()
      return {
        file: async (report) => {
          for (const f of report.findings) {
            used.add(f.rule)
            await spool.write(`${JSON.stringify(sarifFinding(report, f))}\n`)
          }
        },
        end: async () => {
          const rules = usedRules(used)
          const index = new Map<string, number>(rules.map((r, i) => [r.id, i]))
          const mark = marker()
          const {head, tail} = splitJson(`${jsonSafe(sarifLog(rules, mark), 2)}\n`, mark)
          await sink.write(head)
          let count = 0
          for await (const line of spool.lines()) {
            const found = JSON.parse(line) as SarifFinding
            await sink.write(
              escapeJsonUnsafe(element(sarifResult(found, index.get(found[0])!), count++, SARIF_RESULTS_DEPTH)),
            )
          }
          await sink.write(arrayEnd(count, SARIF_RESULTS_DEPTH) + tail)
        },
        dispose: () => spool.dispose(),
      }
    }
  }
}

/** Where `results` sits in the SARIF log: $.runs[0].results, six spaces in. */
const SARIF_RESULTS_DEPTH = 6

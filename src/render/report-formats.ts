import {describeSignature} from '../profiles/signature.js'
import type {FileReport} from '../profiles/validate.js'
import {RULES} from '../profiles/rules.js'
import {jsonSafe, terminalSafe, xmlSafe} from '../util/safe-text.js'

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

function text(reports: FileReport[], summary: Summary): string {
  const lines: string[] = []
  for (const report of reports) {
    const signed = report.signature ? ` (${describeSignature(report.signature)})` : ''
    if (report.findings.length === 0) {
      lines.push(line(`${report.path}: ok${signed}`))
      continue
    }
    if (signed) lines.push(line(`${report.path}:${signed}`))
    for (const f of report.findings)
      lines.push(`${line(`${location(report, f)}: ${f.severity} ${f.rule} ${f.message}`)}\n    fix: ${line(f.fix)}`)
  }
  lines.push(
    `${summary.files} file${summary.files === 1 ? '' : 's'}: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}, ${summary.infos} info`,
  )
  return lines.join('\n') + '\n'
}

function json(reports: FileReport[], summary: Summary): string {
  return jsonSafe({summary, files: reports}, 2) + '\n'
}

/** Does this finding fail the run (and so count as a JUnit failure)? Errors always; warnings with --strict. */
function fails(severity: string, strict: boolean): boolean {
  return severity === 'error' || (strict && severity === 'warning')
}

function junit(reports: FileReport[], summary: Summary): string {
  const line = (report: FileReport, f: FileReport['findings'][number]) =>
    `${location(report, f)}: ${f.severity} ${f.rule} ${f.message}\nfix: ${f.fix}`
  const cases = reports.map((report) => {
    const failing = report.findings.filter((f) => fails(f.severity, summary.strict))
    const passing = report.findings.filter((f) => !fails(f.severity, summary.strict))
    const body = [
      ...failing.map(
        (f) =>
          `      <failure type="${f.rule}" message="${xmlEscape(`${f.rule} ${f.message}`)}">${xmlEscape(line(report, f))}</failure>`,
      ),
      // What was found but does not fail the run (warnings without --strict, info): shown, not counted.
      ...(passing.length > 0
        ? [`      <system-out>${xmlEscape(passing.map((f) => line(report, f)).join('\n'))}</system-out>`]
        : []),
    ].join('\n')
    return `    <testcase classname="pppc.validate" name="${xmlEscape(report.path)}">${body ? `\n${body}\n    ` : ''}</testcase>`
  })
  const failing = reports.filter((r) => r.findings.some((f) => fails(f.severity, summary.strict))).length
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pppc validate" tests="${summary.files}" failures="${failing}">\n  <testsuite name="pppc validate" tests="${summary.files}" failures="${failing}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`
}

const SARIF_LEVEL = {error: 'error', warning: 'warning', info: 'note'} as const

function sarif(reports: FileReport[]): string {
  const used = new Set(reports.flatMap((r) => r.findings.map((f) => f.rule)))
  const rules = RULES.filter((r) => used.has(r.id))
  const log = {
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
        results: reports.flatMap((report) =>
          report.findings.map((f) => ({
            ruleId: f.rule,
            ruleIndex: rules.findIndex((r) => r.id === f.rule),
            level: SARIF_LEVEL[f.severity],
            message: {text: `${f.message}. Fix: ${f.fix}`},
            locations: [
              {
                physicalLocation: {
                  artifactLocation: {uri: report.path},
                  ...(f.line ? {region: {startLine: f.line, startColumn: f.column ?? 1}} : {}),
                },
              },
            ],
          })),
        ),
      },
    ],
  }
  return jsonSafe(log, 2) + '\n'
}

/** GitHub Actions workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions */
function escapeData(text: string): string {
  return terminalSafe(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

const GITHUB_COMMAND = {error: 'error', warning: 'warning', info: 'notice'} as const

function github(reports: FileReport[], summary: Summary): string {
  const lines = reports.flatMap((report) =>
    report.findings.map((f) => {
      const props = [
        `file=${escapeProperty(report.path)}`,
        ...(f.line ? [`line=${f.line}`, `col=${f.column ?? 1}`] : []),
        `title=${escapeProperty(`${f.rule} ${f.severity}`)}`,
      ]
      return `::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.message}. Fix: ${f.fix}`)}`
    }),
  )
  lines.push(
    `pppc validate: ${summary.files} file${summary.files === 1 ? '' : 's'}, ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`,
  )
  return lines.join('\n') + '\n'
}

export const FORMATTERS: Readonly<Record<ReportFormat, (reports: FileReport[], summary: Summary) => string>> = {
  text,
  json,
  junit,
  sarif,
  github,
}

export function summarise(reports: FileReport[], strict: boolean): Summary {
  const all = reports.flatMap((r) => r.findings)
  const errors = all.filter((f) => f.severity === 'error').length
  const warnings = all.filter((f) => f.severity === 'warning').length
  return {
    files: reports.length,
    errors,
    warnings,
    infos: all.length - errors - warnings,
    failed: errors > 0 || (strict && warnings > 0),
    strict,
  }
}

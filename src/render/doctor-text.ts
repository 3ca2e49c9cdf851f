import type {DoctorView} from './doctor-view.js'
import type {NumberedStep} from './flow-view.js'
import {terminalSafeDeep} from '../util/safe-text.js'
import {wrap} from './templates.js'

/**
 * The doctor's report as text, from its view (doctor-view.ts). Written as code, not as a handlebars template like the
 * flow's: doctor runs on every snapshot a technician opens, and loading handlebars and compiling a template cost more
 * than the whole diagnosis (npm run bench keeps `doctor --snapshot` within 3× of `node -e 0`). The layout is the one
 * the flow's text template uses for steps (templates/partials/steps-text.hbs).
 */
function steps(list: readonly NumberedStep[], out: string[]): void {
  for (const step of list) {
    out.push(wrap(step.text, `  ${step.number}. `))
    if (step.detail) out.push(wrap(`(${step.detail})`, '      '))
  }
}

export function renderDoctorText(unsafe: DoctorView): string {
  // Profile names, paths and outputs come from the Mac: shown, never obeyed by the terminal.
  const view = terminalSafeDeep(unsafe)
  const d = view.diagnosis
  const out: string[] = [`pppc doctor: ${d.app.name} (${d.app.bundleId})`, `Source: ${d.source}`, '']
  for (const row of view.rows)
    row.lines.forEach((line, i) => out.push(`${(i === 0 ? row.label : '').padEnd(10)} ${line}`))
  out.push('', 'Permissions')
  for (const s of view.services) out.push(`  ${s.label}  ${s.state}`, wrap(s.why, '      '))
  out.push('', wrap(d.verdict.summary, 'Verdict: '), '')
  for (const level of view.levels) {
    out.push(level.title)
    for (const f of level.findings) {
      out.push(wrap(f.text, `  ${level.mark} `))
      if (f.fix) out.push(wrap(`fix: ${f.fix}`, '    '))
    }
    out.push('')
  }
  if (d.unknowns.length > 0) {
    out.push('Unknown')
    for (const u of d.unknowns) out.push(wrap(u, '  ? '))
    out.push('')
  }
  if (view.steps) {
    out.push(view.steps.title, wrap(view.steps.subtitle, ''), '')
    for (const section of view.steps.sections) {
      out.push(section.title)
      steps(section.steps, out)
      for (const group of section.groups) {
        out.push(` ${group.title}:`)
        steps(group.steps, out)
      }
      out.push('')
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`
}

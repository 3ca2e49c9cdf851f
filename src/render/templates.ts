import type HandlebarsModule from 'handlebars'
import {readdir, readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import type {HelperOptions} from 'handlebars'
import {terminalSafeDeep} from '../util/safe-text.js'

/** templates/ sits at the package root, beside src/ and dist/. */
const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url))

export type TemplateKind = 'text' | 'markdown' | 'html'

const WIDTH = 100

/** Words of `text` on lines of at most WIDTH characters; the first line starts with `lead`, the rest with spaces. */
export function wrap(text: string, lead: string, width = WIDTH): string {
  const indent = ' '.repeat(lead.length)
  const lines: string[] = []
  let line = lead
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const fresh = line === lead || line === indent
    if (!fresh && line.length + 1 + word.length > width) {
      lines.push(line)
      line = indent + word
    } else {
      line += (fresh ? '' : ' ') + word
    }
  }
  lines.push(line)
  return lines.join('\n')
}

type Handlebars = typeof HandlebarsModule
let loaded: Promise<Handlebars> | undefined
const compiled = new Map<string, (data: unknown) => string>()

/** Handlebars and our helpers and partials, loaded once and only by the commands that render with it. */
function handlebars(): Promise<Handlebars> {
  loaded ??= (async () => {
    const {default: hbs} = (await import('handlebars')) as unknown as {default: Handlebars}
    const instance = hbs.create()
    instance.registerHelper('wrap', (text: string, lead: string, options: HelperOptions) =>
      wrap(String(text ?? ''), String(lead ?? ''), Number(options.hash.width ?? WIDTH)),
    )
    instance.registerHelper('pad', (text: string, width: number) => String(text ?? '').padEnd(Number(width)))
    instance.registerHelper('eq', (a: unknown, b: unknown) => a === b)
    instance.registerHelper('concat', (...args: unknown[]) =>
      args
        .slice(0, -1)
        .map((a) => String(a ?? ''))
        .join(''),
    )
    const partials = join('partials')
    for (const file of (await readdir(partials).catch(() => [] as string[])).filter((f) => f.endsWith('.hbs'))) {
      instance.registerPartial(file.replace(/\.hbs$/, ''), await readFile(`${partials}/${file}`, 'utf8'))
    }
    return instance
  })()
  return loaded
}

function join(...parts: string[]): string {
  return TEMPLATES + parts.join('/')
}

/**
 * Renders templates/<name>.<kind>.hbs. Text and Markdown are not HTML-escaped; HTML is. Nothing else is read: the
 * HTML templates carry their own styles, so the page they make stands alone.
 */
export async function renderTemplate(name: string, kind: TemplateKind, data: unknown): Promise<string> {
  const key = `${name}.${kind}`
  let template = compiled.get(key)
  if (!template) {
    const hbs = await handlebars()
    const source = await readFile(join(`${key}.hbs`), 'utf8')
    template = hbs.compile(source, {noEscape: kind !== 'html', strict: false})
    compiled.set(key, template)
  }
  // The views carry text from the Mac and its profiles (names, paths, tool outputs): every string is made
  // terminal-safe (escape sequences, control characters, bidi overrides shown, not obeyed); HTML is also escaped.
  // Templates end sections with a blank line; the document ends with one newline.
  return template(terminalSafeDeep(data)).replace(/\n+$/, '\n')
}

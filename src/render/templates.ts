import type HandlebarsModule from 'handlebars'
import {readdir, readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import type {HelperOptions} from 'handlebars'
import {createRequire} from 'node:module'
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
type Template = ReturnType<Handlebars['template']>
type TemplateSpecification = Parameters<Handlebars['template']>[0]

/** What scripts/templates.mjs writes at build time: template specs (JS, not JSON), and the partials for each kind. */
interface Precompiled {
  templates: Record<string, TemplateSpecification>
  partials: Partial<Record<TemplateKind, Record<string, TemplateSpecification>>>
}

const PRECOMPILED = '../render/templates.precompiled.cjs'
let runtime: Promise<{hbs: Handlebars; precompiled: Precompiled} | undefined> | undefined
let loaded: Promise<Handlebars> | undefined
const compiled = new Map<string, Template>()
const fromSource = new Map<string, Template>()
const partialsByKind = new Map<TemplateKind, Record<string, Template>>()

function registerHelpers(instance: Handlebars): void {
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
}

/**
 * The templates precompiled by the build, with the handlebars runtime only (no parser, no compiler), or undefined when
 * the build did not write them (then the .hbs files are compiled).
 */
function precompiledRuntime(): Promise<{hbs: Handlebars; precompiled: Precompiled} | undefined> {
  runtime ??= (async () => {
    let precompiled: Precompiled
    try {
      // Relative to this module: it holds from dist/render/ and from a bundle in dist/fast/ alike.
      precompiled = createRequire(import.meta.url)(PRECOMPILED) as Precompiled
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined
      throw error
    }
    const {default: hbs} = (await import('handlebars/runtime.js')) as unknown as {default: Handlebars}
    const instance = hbs.create()
    registerHelpers(instance)
    return {hbs: instance, precompiled}
  })()
  return runtime
}

/** Handlebars with its compiler and our helpers and partials, loaded once, when a template was not precompiled. */
function handlebars(): Promise<Handlebars> {
  loaded ??= (async () => {
    const {default: hbs} = (await import('handlebars')) as unknown as {default: Handlebars}
    const instance = hbs.create()
    registerHelpers(instance)
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

async function templateFor(
  name: string,
  kind: TemplateKind,
  from: TemplateSource,
): Promise<{template: Template; partials?: Record<string, Template>}> {
  const key = `${name}.${kind}`
  const pre = from === 'build' ? await precompiledRuntime() : undefined
  const spec = pre?.precompiled.templates[key]
  if (pre && spec) {
    let template = compiled.get(key)
    if (!template) {
      template = pre.hbs.template(spec)
      compiled.set(key, template)
    }
    let partials = partialsByKind.get(kind)
    if (!partials) {
      const specs = pre.precompiled.partials[kind] ?? {}
      partials = Object.fromEntries(Object.entries(specs).map(([n, s]) => [n, pre.hbs.template(s)]))
      partialsByKind.set(kind, partials)
    }
    return {template, partials}
  }
  let template = fromSource.get(key)
  if (!template) {
    const hbs = await handlebars()
    const source = await readFile(join(`${key}.hbs`), 'utf8')
    template = hbs.compile(source, {noEscape: kind !== 'html', strict: false})
    fromSource.set(key, template)
  }
  return {template}
}

/** 'build': the templates precompiled by the build when it wrote them; 'source': always compiled from the .hbs. */
export type TemplateSource = 'build' | 'source'

/**
 * Renders templates/<name>.<kind>.hbs. Text and Markdown are not HTML-escaped; HTML is. Nothing else is read: the
 * HTML templates carry their own styles, so the page they make stands alone.
 */
export async function renderTemplate(
  name: string,
  kind: TemplateKind,
  data: unknown,
  from: TemplateSource = 'build',
): Promise<string> {
  const {template, partials} = await templateFor(name, kind, from)
  // The views carry text from the Mac and its profiles (names, paths, tool outputs): every string is made
  // terminal-safe (escape sequences, control characters, bidi overrides shown, not obeyed); HTML is also escaped.
  // Templates end sections with a blank line; the document ends with one newline.
  return template(terminalSafeDeep(data), partials ? {partials} : undefined).replace(/\n+$/, '\n')
}

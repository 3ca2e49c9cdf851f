// Load hook of trace-imports.mjs (runs on the loader thread): reports each ESM module loaded.
let port
export function initialize(data) {
  port = data.port
}
export async function load(url, context, next) {
  const result = await next(url, context)
  port.postMessage({url, format: result.format})
  return result
}

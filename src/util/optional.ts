/**
 * `{key: value}` when the value is defined, `{}` otherwise: spread into an object literal, it keeps optional
 * properties absent rather than present and undefined (exactOptionalPropertyTypes), which is also what JSON shows.
 */
export function optional<K extends string, V>(key: K, value: V | undefined): {[P in K]?: V} {
  return (value === undefined ? {} : {[key]: value}) as {[P in K]?: V}
}

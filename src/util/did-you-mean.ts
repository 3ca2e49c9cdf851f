/**
 * "Did you mean" for names people type: spec keys, service names. Names are compared without case, hyphens or
 * underscores (bundle-id, bundle_id and bundleID are all bundleId), then by edit distance (Damerau-Levenshtein,
 * restricted: a swap of two neighbours counts once), allowing about one slip per four characters.
 */
function fold(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '')
}

export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({length: rows}, (_, i) =>
    Array.from({length: cols}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/** The candidate closest to `name`, if one is close enough to be what was meant. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const folded = fold(name)
  let best: {candidate: string; distance: number} | undefined
  for (const candidate of candidates) {
    const distance = editDistance(folded, fold(candidate))
    if (!best || distance < best.distance) best = {candidate, distance}
  }
  if (!best) return undefined
  const allowed = Math.max(1, Math.floor(Math.max(folded.length, 4) / 4))
  return best.distance <= allowed ? best.candidate : undefined
}

/** `did you mean "grants"?`, or undefined. */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const near = closest(name, candidates)
  return near === undefined ? undefined : `did you mean "${near}"?`
}

/** The candidate closest to what was written, for "did you mean": same letters in another case, or one or two edits. */
export function didYouMean(written: string, candidates: readonly string[]): string | undefined {
  const lower = written.toLowerCase()
  const sameCase = candidates.find((c) => c.toLowerCase() === lower)
  if (sameCase) return sameCase
  let best: {candidate: string; distance: number} | undefined
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance <= Math.min(2, Math.floor(candidate.length / 2)) && (!best || distance < best.distance))
      best = {candidate, distance}
  }
  return best?.candidate
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)))
    previous = row
  }
  return previous[b.length]!
}

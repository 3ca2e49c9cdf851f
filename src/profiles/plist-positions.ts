/** A key of a dictionary (its name) or of an array (an item's index). */
export type PlistKey = string | number

/**
 * Where each dictionary key and array item starts in an XML plist's text, and where each dictionary and array sits in
 * its parent, so that findings can name a line. The reader appends to a few flat arrays shared by the whole document,
 * in the order of the text, instead of filling a `Map` per dictionary and array: validation reads thousands of files
 * and most of them are never asked. The first question sorts the entries by container, once.
 */
export class Positions {
  /** Every dictionary and array, in the order they open in the text (the root first). */
  private readonly containers: object[] = []
  /** Per container: the entry in its parent that holds it, or -1 for the root. */
  private readonly holders: number[] = []
  /** Per entry (a key of a dictionary or an item of an array): its container, key or index, and offset. */
  private readonly owners: number[] = []
  private readonly keys: PlistKey[] = []
  private readonly offsets: number[] = []
  private lookup: {index: Map<object, number>; firsts: Int32Array; entries: Int32Array} | undefined
  /** Positions of views that stand for a dictionary under other key names (FindingCollector.canonical): rare. */
  private views: Map<object, Map<PlistKey, number>> | undefined

  /**
   * A dictionary or array opens: its number, to give to `entry`. It is held by the entry added last (the key or item
   * it is the value of), unless it is the root.
   */
  open(container: object): number {
    this.holders.push(this.containers.length === 0 ? -1 : this.keys.length - 1)
    return this.containers.push(container) - 1
  }

  /** A key of dictionary `owner` (or item `key` of array `owner`) starts at `offset`; its value follows. */
  entry(owner: number, key: PlistKey, offset: number): void {
    this.owners.push(owner)
    this.keys.push(key)
    this.offsets.push(offset)
  }

  /** The entries sorted by container (a counting sort), and each container's number by object. */
  private sorted(): NonNullable<Positions['lookup']> {
    if (this.lookup) return this.lookup
    const count = this.containers.length
    const index = new Map<object, number>()
    for (let c = 0; c < count; c++) index.set(this.containers[c]!, c)
    const owners = this.owners
    const total = owners.length
    const firsts = new Int32Array(count + 1)
    for (let e = 0; e < total; e++) firsts[owners[e]! + 1]!++
    for (let c = 0; c < count; c++) firsts[c + 1]! += firsts[c]!
    const next = firsts.slice(0, count)
    const entries = new Int32Array(total)
    for (let e = 0; e < total; e++) entries[next[owners[e]!]!++] = e
    this.lookup = {index, firsts, entries}
    return this.lookup
  }

  /** Where a key of a dictionary (the last one written, when it is written twice) or an item of an array starts. */
  offset(container: object, key: PlistKey): number | undefined {
    const view = this.views?.get(container)
    if (view) return view.get(key)
    const {index, firsts, entries} = this.sorted()
    const c = index.get(container)
    if (c === undefined) return undefined
    // An array's items are its entries in order; a dictionary's keys are searched from the last one written.
    if (Array.isArray(container)) {
      const at = typeof key === 'number' ? firsts[c]! + key : -1
      return Number.isInteger(at) && at >= firsts[c]! && at < firsts[c + 1]! ? this.offsets[entries[at]!] : undefined
    }
    for (let i = firsts[c + 1]! - 1; i >= firsts[c]!; i--) {
      const e = entries[i]!
      if (this.keys[e] === key) return this.offsets[e]
    }
    return undefined
  }

  /** The dictionary or array a container was read in, and its key there; undefined for the root and unknown objects. */
  placeOf(container: object): {node: object; key: PlistKey} | undefined {
    const c = this.sorted().index.get(container)
    const holder = c === undefined ? -1 : this.holders[c]!
    return holder < 0 ? undefined : {node: this.containers[this.owners[holder]!]!, key: this.keys[holder]!}
  }

  /**
   * `view` stands for `original` (a copy of a dictionary under other key names): it gets the original's positions,
   * and `rename` adds names to them. Nothing happens when the original has none (it was not read from this text).
   */
  alias(view: object, original: object): void {
    const copied = this.views?.get(original)
    let where: Map<PlistKey, number>
    if (copied) where = new Map(copied)
    else {
      const {index, firsts, entries} = this.sorted()
      const c = index.get(original)
      if (c === undefined) return
      where = new Map()
      for (let i = firsts[c]!; i < firsts[c + 1]!; i++) where.set(this.keys[entries[i]!]!, this.offsets[entries[i]!]!)
    }
    ;(this.views ??= new Map()).set(view, where)
  }

  /** In a view made by `alias`, `to` is found where `from` is written. */
  rename(view: object, from: PlistKey, to: PlistKey): void {
    const where = this.views?.get(view)
    const offset = where?.get(from)
    if (where && offset !== undefined) where.set(to, offset)
  }
}

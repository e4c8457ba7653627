// FNV-1a: a tiny stable string hash, used to pick wording variants from a run id.
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One item of `list`, the same for the same seed and group, varying across seeds. */
export function pick<T>(list: readonly T[], seed: string, group: string): T {
  return list[fnv1a(`${group}:${seed}`) % list.length]!;
}

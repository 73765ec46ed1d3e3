/** A deterministic pseudo-random sequence in [0, 1), so every benchmark run measures the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

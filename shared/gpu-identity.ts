import { type CatalogFormFactor, type CatalogGpu, GPU_CATALOG } from "./gpu-catalog";

// Turns a provider's spelling of a GPU into a catalog slug, or says why it cannot. A wrong match
// (an A100 40 GB priced as the 80 GB, an H100 PCIe as the SXM) is worse than a missing one, so
// every step may only narrow the catalog down by facts in the input; whatever is still ambiguous
// at the end is reported, never picked.

/** A catalog GPU and its nominal memory, or the reason a maintainer reads on the unmapped-GPU list. */
export type GpuIdentity = { slug: string; vramGb: number } | { slug: null; reason: string };

/** A GPU as a provider reports it. */
export interface ReportedGpu {
  /** The provider's spelling: "NVIDIA A100-SXM4-80GB", "H100 (80 GB SXM5)", "geforcertx4090-pcie-24gb". */
  name: string;
  /** Memory per GPU when reported apart from the name, in GB; usable memory may sit a little below nominal (B200: 180 of 192). */
  memoryGb?: number | null;
  /** A form factor reported apart from the name: "SXM5", "PCIe", "NVL". */
  formFactor?: string | null;
}

interface FamilyPattern {
  tokens: string[];
  families: string[];
}

// Besides the catalog's own family names, which are tried first.
const ALIASES: FamilyPattern[] = [
  { tokens: ["q", "rtx", "6000"], families: ["quadro rtx 6000"] },
  { tokens: ["q", "rtx", "8000"], families: ["quadro rtx 8000"] },
  // There was never an RTX 8000 other than the Quadro.
  { tokens: ["rtx", "8000"], families: ["quadro rtx 8000"] },
  // Lambda's "RTX 6000 (24 GB)" is the Turing Quadro; a bare 48 GB "RTX 6000" can only be the Ada card.
  { tokens: ["rtx", "6000"], families: ["quadro rtx 6000", "rtx 6000 ada"] },
  { tokens: ["a6000"], families: ["rtx a6000"] },
  { tokens: ["a5000"], families: ["rtx a5000"] },
  { tokens: ["a4000"], families: ["rtx a4000"] },
];

const PATTERNS: FamilyPattern[] = [
  ...[...new Set(GPU_CATALOG.map((gpu) => gpu.family))]
    .map((family) => ({ tokens: family.split(" "), families: [family] }))
    .sort((a, b) => b.tokens.length - a.tokens.length),
  ...ALIASES,
];

// "RTX 3090 Ti", "RTX 4090 D", "RTX 4000 SFF Ada", laptop chips: different products from the
// catalog card whose number they share.
const VARIANT_TOKENS = new Set(["ti", "super", "s", "d", "sff", "laptop", "mobile", "max"]);
// Workstation, Server and Max-Q editions: one GB202 die with 96 GB, listed as one GPU.
const FAMILIES_WITH_EDITIONS = new Set(["rtx pro 6000"]);

// H200 ships as SXM or as the H200 NVL, and the NVL is always named so.
const FORM_FACTOR_WHEN_UNNAMED: Record<string, CatalogFormFactor> = { h200: "sxm" };
// The H100 PCIe carries HBM2e, so "H100 80GB HBM3" is the SXM (the 94 GB NVL is told apart by memory).
const RULED_OUT_BY_TOKEN: { family: string; token: string; formFactor: CatalogFormFactor; because: string }[] = [
  { family: "h100", token: "hbm3", formFactor: "pcie", because: "the H100 PCIe has HBM2e, not HBM3" },
];

/**
 * How far reported memory may sit from the nominal size. ECC on GDDR cards and reserved HBM leave
 * 6.25 % less usable memory (B200: 180 of 192 GB), and GiB read as GB adds 7.4 %; an H100 NVL's
 * 94 GB must still not pass for 80.
 */
export const MEMORY_TOLERANCE = 0.1;
const FORM_FACTOR_LABELS: Record<CatalogFormFactor, string> = { sxm: "SXM", pcie: "PCIe", nvl: "NVL" };

export function identifyGpu(input: ReportedGpu): GpuIdentity {
  const name = input.name.trim();
  if (name === "") return unmapped("empty GPU name");
  const tokens = tokenize(name);
  if (tokens.includes("mig")) return unmapped(`a MIG slice, not a whole GPU: ${name}`);

  // "RTX 3080 Ti" also contains "RTX 3080": a match inside a longer one is not another GPU.
  const found = PATTERNS.filter((pattern) => containsRun(tokens, pattern.tokens));
  const matches = found.filter(
    (pattern) =>
      !found.some(
        (longer) => longer.tokens.length > pattern.tokens.length && containsRun(longer.tokens, pattern.tokens),
      ),
  );
  const [match] = matches;
  if (!match) return unmapped(`not in the catalog: ${name}`);
  if (matches.some((other) => !other.families.some((family) => match.families.includes(family)))) {
    return unmapped(`names more than one GPU: ${name}`);
  }
  const family = match.families.length === 1 ? match.families[0] : undefined;
  const variant = tokens.find((token) => VARIANT_TOKENS.has(token) && !match.tokens.includes(token));
  if (!(family && FAMILIES_WITH_EDITIONS.has(family)) && variant) {
    return unmapped(`not in the catalog: ${name}`);
  }
  const label = labelOf(match.tokens);

  const namedMemory = [...new Set(tokens.flatMap((_, i) => memoryAt(tokens, i)))];
  if (namedMemory.length > 1) return unmapped(`names several memory sizes (${namedMemory.join(", ")} GB): ${name}`);
  // Memory in the name decides; a reported figure only helps when the name has none. Whether the
  // reported figure fits the GPU the name identifies is validation's VRAM guard to judge.
  const memory = namedMemory[0] ?? positive(input.memoryGb);

  const namedFormFactors = formFactorsIn(tokens);
  const statedFormFactors = input.formFactor ? formFactorsIn(tokenize(input.formFactor)) : [];
  if (namedFormFactors.length > 1) return unmapped(`names several form factors: ${name}`);
  if (statedFormFactors.length > 1)
    return unmapped(`${name}: the provider states several form factors (${input.formFactor})`);
  const [namedFormFactor] = namedFormFactors;
  const [statedFormFactor] = statedFormFactors;
  if (namedFormFactor && statedFormFactor && namedFormFactor !== statedFormFactor) {
    return unmapped(
      `${name}: the name says ${FORM_FACTOR_LABELS[namedFormFactor]} but the provider states ${FORM_FACTOR_LABELS[statedFormFactor]}`,
    );
  }
  const formFactor = namedFormFactor ?? statedFormFactor ?? (family ? FORM_FACTOR_WHEN_UNNAMED[family] : undefined);

  let candidates = GPU_CATALOG.filter((gpu) => match.families.includes(gpu.family));
  const subject = `${label}${formFactor ? ` ${FORM_FACTOR_LABELS[formFactor]}` : ""}${memory === undefined ? "" : ` with ${gb(memory)} GB`}`;
  if (formFactor) {
    candidates = candidates.filter((gpu) => gpu.formFactor === null || gpu.formFactor === formFactor);
    if (candidates.length === 0) return unmapped(`${subject}: not in the catalog`);
  }
  for (const rule of RULED_OUT_BY_TOKEN) {
    if (rule.family !== family || !tokens.includes(rule.token)) continue;
    candidates = candidates.filter((gpu) => gpu.formFactor !== rule.formFactor);
    if (candidates.length === 0) return unmapped(`${name}: ${rule.because}`);
  }
  if (memory !== undefined) {
    const distance = (gpu: CatalogGpu) => Math.abs(gpu.vramGb - memory);
    const near = candidates.filter((gpu) => nearEnough(gpu.vramGb, memory));
    const closest = Math.min(...near.map(distance));
    // A figure about as close to two sizes (88 GB for an H100: 80 or 94?) tells neither.
    candidates = near.filter((gpu) => distance(gpu) === closest || distance(gpu) < 2 * closest);
    if (candidates.length === 0) return unmapped(`${subject}: not in the catalog`);
  }

  const [only] = candidates;
  if (only && candidates.length === 1) return { slug: only.slug, vramGb: only.vramGb };
  return unmapped(`${subject}: ${ambiguity(candidates)}`);
}

function unmapped(reason: string): GpuIdentity {
  return { slug: null, reason };
}

/** "geforcertx4090-pcie-24gb" → geforce rtx 4090 pcie 24gb; "NVIDIA_A100" → nvidia a100. */
function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/pci[ _-]?e(?:xpress)?/g, "pcie")
      .replace(/geforce|quadro|rtx|pro(?=\d)/g, " $& ")
      .replace(/(\d)ada\b/g, "$1 ada")
      // Akash spells "rtx3090ti", TensorDock "rtx4080super": the suffix is a product of its own.
      .replace(/(\d)(ti|super)\b/g, "$1 $2")
      .split(/[^a-z0-9.]+/)
      .map((token) => token.replace(/^\.+|\.+$/g, ""))
      .filter((token) => token !== "")
  );
}

function containsRun(tokens: string[], run: string[]): boolean {
  return tokens.some((_, start) => run.every((token, i) => tokens[start + i] === token));
}

/** "80gb", "141g", or "80" followed by "gb". */
function memoryAt(tokens: string[], i: number): number[] {
  const token = tokens[i] ?? "";
  const glued = /^(\d+(?:\.\d+)?)(?:gb|gib|g)$/.exec(token);
  if (glued) return [Number(glued[1])];
  if (/^\d+(?:\.\d+)?$/.test(token) && ["gb", "gib", "g"].includes(tokens[i + 1] ?? "")) return [Number(token)];
  return [];
}

function formFactorsIn(tokens: string[]): CatalogFormFactor[] {
  const found = tokens.flatMap((token): CatalogFormFactor[] => {
    // HGX/DGX boards only take SXM modules. "NVLink" alone says nothing: SXM parts use it, and
    // Hyperstack's "H100 NVLink" is a PCIe card with a bridge.
    if (/^sxm\d?$/.test(token) || token === "hgx" || token === "dgx") return ["sxm"];
    if (/^pcie\d?$/.test(token)) return ["pcie"];
    if (/^nvl\d*$/.test(token)) return ["nvl"];
    return [];
  });
  return [...new Set(found)];
}

function positive(value: number | null | undefined): number | undefined {
  return value !== null && value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function nearEnough(nominal: number, reported: number): boolean {
  return Math.abs(nominal - reported) <= MEMORY_TOLERANCE * nominal;
}

function gb(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function labelOf(tokens: string[]): string {
  const spelled: Record<string, string> = { quadro: "Quadro", ada: "Ada" };
  return tokens.map((token) => spelled[token] ?? token.toUpperCase()).join(" ");
}

function ambiguity(candidates: CatalogGpu[]): string {
  const sizes = [...new Set(candidates.map((gpu) => gpu.vramGb))].sort((a, b) => a - b);
  const formFactors = [
    ...new Set(candidates.flatMap((gpu) => (gpu.formFactor ? [FORM_FACTOR_LABELS[gpu.formFactor]] : []))),
  ];
  const unknowns = [
    ...(sizes.length > 1 ? [`memory unknown (${sizes.join(" or ")} GB)`] : []),
    ...(formFactors.length > 1 ? [`form factor unknown (${formFactors.join(" or ")})`] : []),
  ];
  return unknowns.length > 0 ? unknowns.join(", ") : `matches ${candidates.map((gpu) => gpu.slug).join(", ")}`;
}

// The six regions of the site (docs/design.md §13) and how providers' own location names
// map onto them: ISO country codes (Vast.ai), cloud region names (Lambda "us-east-1", Scaleway
// "fr-par-2"), and airport-style codes (Vultr "ewr"). A location that matches nothing is left out of
// every region rather than guessed.

export const REGIONS = [
  { slug: "north-america", name: "North America" },
  { slug: "europe", name: "Europe" },
  { slug: "asia", name: "Asia" },
  { slug: "oceania", name: "Oceania" },
  { slug: "south-america", name: "South America" },
  { slug: "middle-east-africa", name: "Middle East & Africa" },
] as const;
export type RegionSlug = (typeof REGIONS)[number]["slug"];

const COUNTRIES: Record<RegionSlug, readonly string[]> = {
  "north-america": ["US", "CA", "MX"],
  europe: [
    "DE",
    "FR",
    "NL",
    "GB",
    "UK",
    "IE",
    "BE",
    "LU",
    "CH",
    "AT",
    "IT",
    "ES",
    "PT",
    "PL",
    "CZ",
    "SK",
    "HU",
    "RO",
    "BG",
    "GR",
    "SE",
    "NO",
    "FI",
    "DK",
    "IS",
    "EE",
    "LV",
    "LT",
    "UA",
    "RS",
    "HR",
    "SI",
  ],
  asia: ["JP", "KR", "CN", "TW", "HK", "SG", "IN", "TH", "VN", "MY", "ID", "PH"],
  oceania: ["AU", "NZ"],
  "south-america": ["BR", "AR", "CL", "CO", "PE", "UY"],
  "middle-east-africa": ["AE", "SA", "IL", "TR", "QA", "ZA", "NG", "KE", "EG", "MA"],
};

// Vultr (and others) name sites by IATA airport codes.
const SITES: Record<string, RegionSlug> = {
  ewr: "north-america",
  ord: "north-america",
  dfw: "north-america",
  sea: "north-america",
  lax: "north-america",
  atl: "north-america",
  sjc: "north-america",
  yto: "north-america",
  mia: "north-america",
  hnl: "north-america",
  ams: "europe",
  lhr: "europe",
  fra: "europe",
  cdg: "europe",
  mad: "europe",
  waw: "europe",
  sto: "europe",
  man: "europe",
  par: "europe",
  nrt: "asia",
  icn: "asia",
  sgp: "asia",
  bom: "asia",
  del: "asia",
  blr: "asia",
  itm: "asia",
  syd: "oceania",
  mel: "oceania",
  sao: "south-america",
  scl: "south-america",
  tlv: "middle-east-africa",
  jnb: "middle-east-africa",
};

// Azure names its regions in one word ("eastus2", "westeurope"): the ones that host GPU sizes.
const AZURE_REGIONS: Record<RegionSlug, readonly string[]> = {
  "north-america": [
    "eastus",
    "eastus2",
    "westus",
    "westus2",
    "westus3",
    "centralus",
    "northcentralus",
    "southcentralus",
    "westcentralus",
    "canadacentral",
    "canadaeast",
    "mexicocentral",
  ],
  europe: [
    "northeurope",
    "westeurope",
    "uksouth",
    "ukwest",
    "francecentral",
    "germanywestcentral",
    "norwayeast",
    "swedencentral",
    "switzerlandnorth",
    "polandcentral",
    "italynorth",
    "spaincentral",
  ],
  asia: ["eastasia", "southeastasia", "japaneast", "japanwest", "koreacentral", "centralindia", "southindia"],
  oceania: ["australiaeast", "australiasoutheast"],
  "south-america": ["brazilsouth"],
  "middle-east-africa": ["uaenorth", "qatarcentral", "israelcentral", "southafricanorth"],
};
const AZURE_REGION_OF = new Map(
  Object.entries(AZURE_REGIONS).flatMap(([region, names]) => names.map((name) => [name, region as RegionSlug])),
);

const PREFIXES: [RegExp, RegionSlug][] = [
  [/^(us|ca|na|northamerica)[-_]/, "north-america"],
  [/^(eu|europe|fr|nl|pl|de|uk|gb|fi|se|no|it|es|ch)[-_]/, "europe"],
  [/^(ap|asia|jp|kr|sg|in|tw|hk)[-_]/, "asia"],
  [/^(au|nz|oceania|australia)[-_]/, "oceania"],
  [/^(sa|br|southamerica|latam)[-_]/, "south-america"],
  [/^(me|af|za|il|ae|africa)[-_]/, "middle-east-africa"],
];

/** The site region of one provider location name, or null when it is not recognisable. */
export function regionOf(location: string): RegionSlug | null {
  const trimmed = location.trim();
  if (/^[A-Z]{2}$/.test(trimmed)) {
    const country = trimmed;
    return (
      (Object.entries(COUNTRIES).find(([, codes]) => codes.includes(country))?.[0] as RegionSlug | undefined) ?? null
    );
  }
  const lower = trimmed.toLowerCase();
  if (SITES[lower]) return SITES[lower];
  const azure = AZURE_REGION_OF.get(lower);
  if (azure) return azure;
  return PREFIXES.find(([pattern]) => pattern.test(lower))?.[1] ?? null;
}

export function regionBySlug(slug: string) {
  return REGIONS.find((region) => region.slug === slug) ?? null;
}

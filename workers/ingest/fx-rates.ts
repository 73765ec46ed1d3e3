import { type FxRate, parseEcbDailyXml } from "../../shared/fx";
import { USER_AGENT } from "../providers/http";

export const ECB_BASE_URL = { env: "ECB_BASE_URL", default: "https://www.ecb.europa.eu" };
export const ECB_DAILY_PATH = "/stats/eurofxref/eurofxref-daily.xml";

/** Today's EUR→USD reference rate from the European Central Bank's daily XML. */
export async function fetchEcbRate(fetch: typeof globalThis.fetch, baseUrl: string): Promise<FxRate> {
  const url = `${baseUrl.replace(/\/+$/, "")}${ECB_DAILY_PATH}`;
  const response = await fetch(url, {
    headers: { "User-Agent": USER_AGENT, Accept: "application/xml" },
    signal: AbortSignal.timeout(15_000),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`ECB rates: HTTP ${response.status} from ${url}`);
  const rate = parseEcbDailyXml(body);
  if (!rate) throw new Error(`ECB rates: no EUR/USD rate in the answer of ${url}`);
  return rate;
}

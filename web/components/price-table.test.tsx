import { describe, expect, it } from "vitest";
import { type PriceSort, PriceTable, type PriceTableProps, sortOffers } from "./price-table";
import { NOW, offerRow, provider, render } from "./test-builders";

const sortHref: PriceTableProps["sortHref"] = (key, dir) => `?sort=${key}&dir=${dir}`;

function table(props: Partial<PriceTableProps> = {}) {
  return render(
    <PriceTable
      offers={[offerRow()]}
      now={NOW}
      sort={{ key: "price", dir: "asc" }}
      sortHref={sortHref}
      caption="H100 prices"
      {...props}
    />,
  );
}

const bodyRows = (html: string) => html.split("<tbody>")[1]!.split("<tr>").slice(1);

describe("PriceTable", () => {
  it("renders sortable headers as links, with aria-sort on the active column only", async () => {
    const html = await table({ sort: { key: "price", dir: "asc" } });
    expect(html).toContain('<th scope="col" aria-sort="ascending"><a href="?sort=price&amp;dir=desc" data-dir="desc"');
    expect(html).toContain('<a href="?sort=provider&amp;dir=asc"');
    expect(html).toContain('<a href="?sort=updated&amp;dir=desc"');
    expect(html.match(/aria-sort=/g)).toHaveLength(1);
    expect(html).toContain("data-sortable");
  });

  it("shows rows in the requested order", async () => {
    const offers = [
      offerRow({ id: "a", provider: provider("b-cloud", "B Cloud"), pricePerGpuHour: 1.5 }),
      offerRow({ id: "b", provider: provider("a-cloud", "A Cloud"), pricePerGpuHour: 3 }),
    ];
    const byPrice = bodyRows(await table({ offers, sort: { key: "price", dir: "desc" } }));
    expect(byPrice[0]).toContain("A Cloud");
    const byName = bodyRows(await table({ offers, sort: { key: "provider", dir: "asc" } }));
    expect(byName[0]).toContain("A Cloud");
    expect(byName[1]).toContain("B Cloud");
  });

  it("links each row to the provider's outbound /go/ link, marked sponsored", async () => {
    const html = await table({ offers: [offerRow({ provider: provider("runpod", "RunPod") })] });
    expect(html).toContain('<a class="rent" href="/go/runpod" rel="sponsored nofollow">Rent');
    expect(html).toContain('<a href="/provider/runpod">RunPod</a>');
  });

  it("formats prices with cents, and tenths of cents under ten cents", async () => {
    const html = await table({
      offers: [offerRow({ pricePerGpuHour: 0.089, pricePerHour: 2.4, spotPerGpuHour: null })],
    });
    expect(html).toContain(">$0.089<");
    expect(html).toContain(">$2.40<");
    expect(html).toContain('data-value="0.089"');
    expect(html).toContain('data-value="">—</td>');
  });

  it("marks stale prices with a visible badge", async () => {
    const html = await table({ offers: [offerRow({ stale: true })] });
    expect(html).toContain(">stale</span>");
  });

  it("lists the first three regions and counts the rest", async () => {
    const html = await table({
      offers: [offerRow({ regions: ["us-east-1", "us-west-2", "eu-west-1", "ap-south-1", "ca-1"] })],
    });
    expect(html).toContain("<td>us-east-1, us-west-2, eu-west-1 <span");
    expect(html).toContain('>+2<span class="visually-hidden"> more</span>');
  });

  it("adds a GPU column only when asked", async () => {
    expect(await table()).not.toContain('href="/cloud-gpu/h100-sxm"');
    expect(await table({ showGpu: true })).toContain('<a href="/cloud-gpu/h100-sxm">NVIDIA H100 SXM</a>');
  });

  it("says so in a sentence when there are no offers", async () => {
    const html = await table({ offers: [], emptyText: "No prices yet for this GPU." });
    expect(html).toBe('<p class="empty">No prices yet for this GPU.</p>');
  });
});

describe("sortOffers", () => {
  const offers = [
    offerRow({ id: "old", lastScrapedAt: "2025-05-01T00:00:00Z", gpuCount: 8, pricePerGpuHour: 2 }),
    offerRow({ id: "new", lastScrapedAt: "2025-06-01T00:00:00Z", gpuCount: 1, pricePerGpuHour: 3 }),
  ];
  const ids = (sort: PriceSort) => sortOffers(offers, sort).map((offer) => offer.id);

  it("sorts by each key in both directions", () => {
    expect(ids({ key: "updated", dir: "desc" })).toEqual(["new", "old"]);
    expect(ids({ key: "gpus", dir: "asc" })).toEqual(["new", "old"]);
    expect(ids({ key: "price", dir: "asc" })).toEqual(["old", "new"]);
  });

  it("does not reorder the caller's array", () => {
    sortOffers(offers, { key: "price", dir: "desc" });
    expect(offers.map((offer) => offer.id)).toEqual(["old", "new"]);
  });
});

import { describe, expect, it } from "vitest";
import { GpuCard } from "./gpu-card";
import { ProviderCard } from "./provider-card";
import { SpecTable } from "./spec-table";
import { PriceStatsList } from "./stats";
import { gpuCard, gpuModelDoc, NOW, providerCard, render } from "./test-builders";

describe("GpuCard", () => {
  it("links the GPU and gives its cheapest price and where", async () => {
    const html = await render(<GpuCard card={gpuCard()} />);
    expect(html).toContain('<a href="/cloud-gpu/h100-sxm">NVIDIA H100 SXM</a>');
    expect(html).toContain("80 GB VRAM · Hopper");
    expect(html).toContain("from <strong>$2.49</strong>/GPU-h at Lambda");
    expect(html).toContain("12 offers from 5 providers");
  });

  it("says when a GPU has no prices", async () => {
    const html = await render(<GpuCard card={gpuCard({ cheapest: null, offers: 0, providers: 0 })} />);
    expect(html).toContain("No prices yet");
    expect(html).not.toContain("from <strong>");
  });
});

describe("ProviderCard", () => {
  it("links the provider with its kind, tier, counts and cheapest GPU-hour", async () => {
    const html = await render(<ProviderCard card={providerCard()} now={NOW} />);
    expect(html).toContain('<a href="/provider/runpod">RunPod</a>');
    expect(html).toContain("GPU cloud · ");
    expect(html).toContain(">Community</span>");
    expect(html).toContain("9 GPUs · 30 offers");
    expect(html).toContain("from <strong>$0.34</strong>/GPU-h (RTX 4090)");
    expect(html).toContain("12 min ago");
  });

  it("says when a provider has never been checked", async () => {
    const html = await render(<ProviderCard card={providerCard({ lastSuccessAt: null, cheapest: null })} now={NOW} />);
    expect(html).toContain("Prices not checked yet");
    expect(html).toContain("No prices yet");
  });
});

describe("PriceStatsList", () => {
  it("lists lowest, median and highest per GPU-hour with counts", async () => {
    const html = await render(<PriceStatsList stats={{ min: 0.089, median: 2.4, max: 4, providers: 3, offers: 7 }} />);
    expect(html).toContain('<dt>Lowest</dt><dd>$0.089<span class="unit">/GPU-h</span></dd>');
    expect(html).toContain('<dt>Median</dt><dd>$2.40<span class="unit">/GPU-h</span></dd>');
    expect(html).toContain("<dt>Offers</dt><dd>7</dd>");
  });

  it("shows dashes when there are no prices", async () => {
    const html = await render(
      <PriceStatsList stats={{ min: null, median: null, max: null, providers: 0, offers: 0 }} />,
    );
    expect(html).toContain("<dt>Lowest</dt><dd>—</dd>");
  });
});

describe("SpecTable", () => {
  it("lists the known specifications with units", async () => {
    const html = await render(<SpecTable gpu={gpuModelDoc()} />);
    expect(html).toContain("<dt>VRAM</dt><dd>80 GB</dd>");
    expect(html).toContain("<dt>Memory bandwidth</dt><dd>3,350 GB/s</dd>");
    expect(html).toContain("<dt>TDP</dt><dd>700 W</dd>");
    expect(html).toContain("<dt>Architecture</dt><dd>Hopper</dd>");
  });

  it("leaves out what is unknown", async () => {
    const html = await render(<SpecTable gpu={gpuModelDoc({ fp8_tflops: null, interconnect: null })} />);
    expect(html).not.toContain("FP8");
    expect(html).not.toContain("Interconnect");
  });
});

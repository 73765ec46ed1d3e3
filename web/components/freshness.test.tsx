import { describe, expect, it } from "vitest";
import { Freshness } from "./freshness";
import { NOW, render } from "./test-builders";

describe("Freshness", () => {
  it("shows how long ago in a machine-readable time element", async () => {
    const html = await render(<Freshness at="2025-06-01T09:00:00Z" now={NOW} stale={false} />);
    expect(html).toContain('<time datetime="2025-06-01T09:00:00Z" title="2025-06-01 09:00 UTC">3 h ago</time>');
    expect(html).not.toContain("stale");
  });

  it("marks a stale price with a text badge that explains itself", async () => {
    const html = await render(<Freshness at="2025-05-29T12:00:00Z" now={NOW} stale />);
    expect(html).toContain("3 d ago");
    expect(html).toMatch(/<span class="badge badge-stale" title="[^"]+">stale<\/span>/);
  });
});

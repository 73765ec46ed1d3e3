import { describe, expect, it } from "vitest";
import { atomFeed, escapeXml } from "./atom";

const feed = (title: string) =>
  atomFeed({
    id: "https://cloudgpus.test/feed.xml",
    title,
    updated: new Date("2026-03-01T12:00:00Z"),
    self: "https://cloudgpus.test/feed.xml?gpu=a&provider=b",
    alternate: "https://cloudgpus.test/",
    author: { name: "CloudGPUs" },
    entries: [
      {
        id: "tag:cloudgpus.io,2026:change:1",
        title,
        updated: new Date("2026-03-01T11:00:00Z"),
        link: "https://cloudgpus.test/cloud-gpu/h100-sxm",
        categories: ["price_cut"],
        summary: "s",
      },
    ],
  });

describe("escapeXml", () => {
  it("escapes the five XML specials", () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;",
    );
  });

  it("drops characters XML 1.0 cannot hold, keeps tabs, newlines and astral characters", () => {
    expect(escapeXml("a\u0000b\u001Fc\uFFFEd\uD800e\tf\ng🚀")).toBe("abcde\tf\ng🚀");
  });
});

describe("atomFeed", () => {
  it("writes the required elements of a feed and its entries", () => {
    expect(feed("H100")).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
        "<id>https://cloudgpus.test/feed.xml</id>",
        '<title type="text">H100</title>',
        "<updated>2026-03-01T12:00:00.000Z</updated>",
        '<link rel="self" type="application/atom+xml" href="https://cloudgpus.test/feed.xml?gpu=a&amp;provider=b"/>',
        '<link rel="alternate" type="text/html" href="https://cloudgpus.test/"/>',
        "<author><name>CloudGPUs</name></author>",
        "<entry><id>tag:cloudgpus.io,2026:change:1</id>",
        '<title type="text">H100</title>',
        "<updated>2026-03-01T11:00:00.000Z</updated>",
        '<link rel="alternate" type="text/html" href="https://cloudgpus.test/cloud-gpu/h100-sxm"/>',
        '<category term="price_cut"/>',
        '<summary type="text">s</summary></entry>',
        "</feed>\n",
      ].join(""),
    );
  });

  it("cannot be broken out of by a title", () => {
    const xml = feed("]]></title><entry><id>x</id></entry><title>");
    expect(xml.match(/<entry>/g)).toHaveLength(1);
    expect(xml).toContain("]]&gt;&lt;/title&gt;&lt;entry&gt;");
  });
});

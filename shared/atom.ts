// An Atom 1.0 document (RFC 4287) as text. Every value is escaped here, once: titles and summaries
// carry provider names, which are untrusted.

export interface AtomEntry {
  /** A permanent IRI: `tag:` or `urn:uuid:`. */
  id: string;
  title: string;
  updated: Date;
  /** The page the entry is about. */
  link: string;
  categories?: readonly string[];
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: Date;
  /** Where this document is fetched from. */
  self: string;
  /** The HTML page it accompanies. */
  alternate: string;
  author: { name: string; uri?: string };
  entries: readonly AtomEntry[];
}

// XML 1.0's Char production: no C0 controls but tab and newlines, no lone surrogates, no U+FFFE/FFFF.
// Those cannot be written even escaped, so they are dropped.
const isXmlChar = (code: number) =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  code >= 0x10000;
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text for an XML element or a quoted attribute value. */
export function escapeXml(text: string): string {
  let out = "";
  // Iterating a string walks code points: a surrogate pair is one character, a lone half is its own.
  for (const character of text) {
    if (isXmlChar(character.codePointAt(0) ?? 0)) out += ESCAPES[character] ?? character;
  }
  return out;
}

const element = (name: string, text: string, attributes = "") => `<${name}${attributes}>${escapeXml(text)}</${name}>`;
const link = (href: string, rel: string, type: string) =>
  `<link rel="${rel}" type="${type}" href="${escapeXml(href)}"/>`;

function entryXml(entry: AtomEntry): string {
  return [
    "<entry>",
    element("id", entry.id),
    element("title", entry.title, ' type="text"'),
    element("updated", entry.updated.toISOString()),
    link(entry.link, "alternate", "text/html"),
    ...(entry.categories ?? []).map((term) => `<category term="${escapeXml(term)}"/>`),
    element("summary", entry.summary, ' type="text"'),
    "</entry>",
  ].join("");
}

export function atomFeed(feed: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element("id", feed.id),
    element("title", feed.title, ' type="text"'),
    ...(feed.subtitle ? [element("subtitle", feed.subtitle, ' type="text"')] : []),
    element("updated", feed.updated.toISOString()),
    link(feed.self, "self", "application/atom+xml"),
    link(feed.alternate, "alternate", "text/html"),
    "<author>",
    element("name", feed.author.name),
    ...(feed.author.uri ? [element("uri", feed.author.uri)] : []),
    "</author>",
    ...feed.entries.map(entryXml),
    "</feed>\n",
  ].join("");
}

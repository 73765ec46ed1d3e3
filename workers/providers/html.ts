import { selectAll, selectOne } from "css-select";
import { type AnyNode, type Document, type Element, hasChildren, isTag, isText } from "domhandler";
import { getAttributeValue } from "domutils";
import { parseDocument } from "htmlparser2";
import type { Currency } from "../../shared/offers";
import { challengeCode } from "../../shared/scrape-errors";
import type { MinimalPage } from "./browser";
import { ProviderError } from "./http";
import type { AdapterContext } from "./types";

// Reading pricing pages served as HTML (docs/design.md §16). A page is parsed into a DOM once
// (htmlparser2, the parser under cheerio; css-select for selectors), so an adapter can ask what a
// careful reader would: which block is hidden, which table a row belongs to, which tag tells two
// cards apart. The same code runs in the Worker, in `npm run scrape` and in the tests.

export type { Element } from "domhandler";

/**
 * A pricing page's HTML: fetched over HTTP, or, when the scrape runs in a browser (the provider's
 * schedule sends it to the browser-scrape queue), as the browser rendered it after its JavaScript
 * ran. Either way the adapter reads it with the same code.
 */
export async function loadPage({ http, pages }: Pick<AdapterContext, "http" | "pages">, url: string): Promise<string> {
  return pages ? pages.read(url, renderedHtml) : http.html({ url });
}

type WithDocument = { document: { documentElement: { outerHTML: string } } };
/** The page's DOM as HTML, read inside the browser. */
export const renderedHtml = (page: MinimalPage) =>
  page.evaluate(() => (globalThis as unknown as WithDocument).document.documentElement.outerHTML, null);

export function parsePage(html: string): Document {
  return parseDocument(html, { decodeEntities: true });
}

/** Every element matching `selector` under `root`, in document order. */
export const all = (selector: string, root: AnyNode | AnyNode[]): Element[] => selectAll(selector, root);
/** The first element matching `selector` under `root`, or null. */
export const first = (selector: string, root: AnyNode | AnyNode[]): Element | null => selectOne(selector, root);

export const attribute = (element: Element, name: string): string | null => getAttributeValue(element, name) ?? null;

export const hasClass = (element: Element, name: string): boolean =>
  (element.attribs.class ?? "").split(/\s+/).includes(name);

/** The element children of `element` (those with class `className`, when given); none of null. */
export const childElements = (element: Element | null, className?: string): Element[] =>
  element
    ? element.children.filter(
        (child): child is Element => isTag(child) && (className === undefined || hasClass(child, className)),
      )
    : [];

/** Tags whose text a reader never sees, or reads as no longer valid (a struck-out old price). */
const UNSEEN = new Set(["script", "style", "noscript", "template", "svg", "s", "del", "strike"]);

/** Classes that mean "not shown" on the site builders providers use (Tailwind, Bootstrap, Webflow). */
const HIDING_CLASSES = new Set(["hidden", "d-none", "w-condition-invisible", "sr-only", "visually-hidden"]);

/**
 * Hidden by the markup itself: `hidden`, `aria-hidden`, a hiding class, or an inline display:none /
 * visibility:hidden. (A class a responsive breakpoint reveals, `hidden md:block`, is still read as hidden.)
 */
function hiddenHere(element: Element): boolean {
  if (element.attribs.hidden !== undefined) return true;
  if (element.attribs["aria-hidden"] === "true") return true;
  if ([...HIDING_CLASSES].some((name) => hasClass(element, name))) return true;
  const style = (element.attribs.style ?? "").replace(/\s+/g, "").toLowerCase();
  return style.includes("display:none") || style.includes("visibility:hidden");
}

/** True when the element or one of its ancestors is hidden by its markup or is never shown. */
export function isHidden(element: Element): boolean {
  for (let node: AnyNode | null = element; node && isTag(node); node = node.parent) {
    if (hiddenHere(node) || UNSEEN.has(node.name)) return true;
  }
  return false;
}

/** The text a reader sees in a node: hidden and struck-out parts left out, whitespace collapsed. */
export function visibleText(node: AnyNode): string {
  const parts: string[] = [];
  const walk = (current: AnyNode) => {
    if (isText(current)) parts.push(current.data);
    else if (isTag(current)) {
      if (hiddenHere(current) || UNSEEN.has(current.name)) return;
      // Cells, rows and blocks end words: "H100</td><td>$2.49" is not "H100$2.49".
      if (BLOCKS.has(current.name)) parts.push(" ");
      for (const child of current.children) walk(child);
      if (BLOCKS.has(current.name)) parts.push(" ");
    } else if (hasChildren(current)) for (const child of current.children) walk(child);
  };
  walk(node);
  return parts.join("").replace(/\s+/g, " ").trim();
}
const BLOCKS = new Set(["p", "div", "td", "th", "tr", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "section"]);

/** The JSON-LD blocks of a page, parsed; one that does not parse is left out. */
export function jsonLd(document: Document): unknown[] {
  return all('script[type="application/ld+json"]', document).flatMap((script) => {
    try {
      return [JSON.parse(script.children.map((child) => (isText(child) ? child.data : "")).join(""))];
    } catch {
      return [];
    }
  });
}

export interface Money {
  amount: number;
  currency: Currency;
}

const MONEY =
  /(?:(?<pre>[$€])\s?(?<a>\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?))|(?:(?<b>\d+(?:[.,]\d+)?)\s?(?<post>€|EUR|USD))/;

/**
 * The first amount of money in a piece of text: "$2.49/hr", "$ 1,234.50", "€1.20*", "2,49 €".
 * Footnote marks and units after it are ignored; a text with no amount gives null.
 */
export function moneyIn(text: string): Money | null {
  const match = MONEY.exec(text);
  if (!match?.groups) return null;
  const { pre, a, b, post } = match.groups;
  const raw = a !== undefined ? a.replace(/,/g, "") : (b ?? "").replace(",", ".");
  const amount = Number(raw);
  if (!Number.isFinite(amount)) return null;
  const sign = pre ?? post;
  return { amount, currency: sign === "$" || sign === "USD" ? "USD" : "EUR" };
}

/**
 * The error for a page whose prices cannot be found where its reader knows them: a bot challenge
 * when it is one, else LAYOUT_CHANGED (the page was redesigned; the reader must follow).
 */
export function layoutChanged(what: string, html: string, url: string): ProviderError {
  const challenge = challengeCode(html);
  if (challenge && !/\$\s?\d/.test(html.slice(0, 200_000)))
    return new ProviderError(challenge, `${url} answered a bot challenge instead of the pricing page`, { url });
  return new ProviderError("LAYOUT_CHANGED", `${url}: ${what}`, { url });
}

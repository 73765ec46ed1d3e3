import type { Child } from "hono/jsx";

/**
 * The scrolling frame around a wide table: a named section (so a landmark screen readers list) that
 * takes keyboard focus, so the table can be scrolled without a mouse.
 */
export const ScrollRegion = ({ label, children }: { label: string; children: Child }) => (
  <section class="table-scroll" aria-label={label} tabindex={0}>
    {children}
  </section>
);

import type { GpuCard as GpuCardModel } from "../models";
import { architectureLabel, formatPrice } from "./format";

/** One GPU in a grid: the name links to its page; the whole card is clickable through CSS. */
export function GpuCard({ card }: { card: GpuCardModel }) {
  const { gpu, cheapest } = card;
  return (
    <article class="card">
      <h3>
        <a href={`/cloud-gpu/${gpu.slug}`}>{gpu.name}</a>
      </h3>
      <p class="card-meta">
        {gpu.vramGb} GB VRAM · {architectureLabel(gpu.architecture)}
      </p>
      {cheapest ? (
        <>
          <p class="card-price">
            from <strong>{formatPrice(cheapest.pricePerGpuHour)}</strong>/GPU-h at {cheapest.provider.name}
          </p>
          <p class="card-meta">
            {card.offers} {card.offers === 1 ? "offer" : "offers"} from {card.providers}{" "}
            {card.providers === 1 ? "provider" : "providers"}
          </p>
        </>
      ) : (
        <p class="card-meta">No prices yet</p>
      )}
    </article>
  );
}

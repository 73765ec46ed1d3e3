import type { ProviderCard as ProviderCardModel } from "../models";
import { formatPrice, providerTypeLabel, relativeTime, tierLabel } from "./format";

/** One provider in a grid: the name links to its page; the whole card is clickable through CSS. */
export function ProviderCard({ card, now }: { card: ProviderCardModel; now: Date }) {
  const { provider, cheapest } = card;
  return (
    <article class="card">
      <h3>
        <a href={`/provider/${provider.slug}`}>{provider.name}</a>
      </h3>
      <p class="card-meta">
        {providerTypeLabel(provider.type)} ·{" "}
        <span class={`tier tier-${provider.tier}`}>{tierLabel(provider.tier)}</span>
      </p>
      {provider.description ? <p class="card-description">{provider.description}</p> : null}
      <p class="card-meta">
        {card.gpus} {card.gpus === 1 ? "GPU" : "GPUs"} · {card.offers} {card.offers === 1 ? "offer" : "offers"}
      </p>
      {cheapest ? (
        <p class="card-price">
          from <strong>{formatPrice(cheapest.pricePerGpuHour)}</strong>/GPU-h ({cheapest.gpu.name})
        </p>
      ) : (
        <p class="card-meta">No prices yet</p>
      )}
      <p class="card-meta">
        {card.lastSuccessAt ? (
          <>
            Prices checked <time datetime={card.lastSuccessAt}>{relativeTime(card.lastSuccessAt, now)}</time>
          </>
        ) : (
          "Prices not checked yet"
        )}
      </p>
    </article>
  );
}

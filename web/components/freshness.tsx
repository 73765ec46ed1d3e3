import { formatTimestamp, relativeTime } from "./format";

export interface FreshnessProps {
  /** ISO timestamp of the last check. */
  at: string;
  now: Date;
  /** Older than the provider tier allows: shown as a text badge, not only a colour. */
  stale: boolean;
}

export function Freshness({ at, now, stale }: FreshnessProps) {
  return (
    <span class="freshness">
      <time datetime={at} title={formatTimestamp(at)}>
        {relativeTime(at, now)}
      </time>
      {stale ? (
        <>
          {" "}
          <span
            class="badge badge-stale"
            title="Not re-checked as often as this provider should be: the price may have changed"
          >
            stale
          </span>
        </>
      ) : null}
    </span>
  );
}

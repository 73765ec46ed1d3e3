import type { AvailabilityStatus } from "../../shared/domain";
import { availabilityLabel } from "./format";

/** The status as words, coloured by `.badge-<status>`: the colour only repeats what the text says. */
export function AvailabilityBadge({ status }: { status: AvailabilityStatus }) {
  return <span class={`badge badge-${status.replace("_", "-")}`}>{availabilityLabel(status)}</span>;
}

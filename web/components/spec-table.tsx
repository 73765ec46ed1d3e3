import type { GpuModelDoc } from "../../shared/api-schemas";
import { architectureLabel, formatNumber } from "./format";

/** The GPU's published specifications; unknown ones are left out rather than shown as blanks. */
export function SpecTable({ gpu }: { gpu: GpuModelDoc }) {
  const specs: [string, string | null][] = [
    ["VRAM", `${gpu.vram_gb} GB`],
    ["Memory type", gpu.memory_type || null],
    ["Memory bandwidth", gpu.memory_bandwidth_gbps === null ? null : `${formatNumber(gpu.memory_bandwidth_gbps)} GB/s`],
    ["FP16 TFLOPS", gpu.fp16_tflops === null ? null : formatNumber(gpu.fp16_tflops)],
    ["FP8 TFLOPS", gpu.fp8_tflops === null ? null : formatNumber(gpu.fp8_tflops)],
    ["TDP", gpu.tdp_watts === null ? null : `${formatNumber(gpu.tdp_watts)} W`],
    ["Form factor", gpu.form_factor],
    ["Interconnect", gpu.interconnect],
    ["Architecture", architectureLabel(gpu.architecture)],
    ["Year", gpu.generation_year === null ? null : String(gpu.generation_year)],
  ];
  return (
    <dl class="specs">
      {specs
        .filter((spec): spec is [string, string] => spec[1] !== null)
        .map(([term, value]) => (
          <div>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

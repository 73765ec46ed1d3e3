-- The GPUs of shared/gpu-catalog.ts that the seed (0002) lacks: what RunPod, Vast.ai, Lambda,
-- DataCrunch/Verda, Vultr and Scaleway sell. Figures are from the vendors' datasheets; a column is
-- NULL where the datasheet gives no figure or the row covers variants that differ (V100 SXM2 and
-- PCIe; the RTX PRO 6000 Workstation, Server and Max-Q editions).
--
-- fp16_tflops / fp8_tflops are dense tensor-core figures, except where NVIDIA's datasheet quotes
-- only the sparse ones: the Hopper rows (H100 NVL, H200 NVL, GH200 — like the seed's H100 and
-- H200 rows) and the L4. fp64/fp32_tflops are the non-tensor figures. The Ampere and Ada RTX
-- workstation and GeForce spec sheets give no plain dense FP16 tensor figure ("Tensor performance"
-- naming neither precision nor sparsity, "AI TOPS"), so theirs stay NULL; Turing has no sparsity,
-- so the Quadros' 130.5 is dense FP16.
-- Upserts, so running it again refreshes the rows instead of failing.

INSERT INTO cloudgpus.gpu_models (slug, name, short_name, manufacturer, architecture, vram_gb, memory_type, memory_bandwidth_gbps, tdp_watts, fp64_tflops, fp32_tflops, fp16_tflops, fp8_tflops, form_factor, interconnect, is_datacenter, is_consumer, generation_year, description, use_cases)
VALUES
    -- Hopper (fp16/fp8 sparse)
    ('h200-nvl', 'NVIDIA H200 NVL', 'H200 NVL', 'NVIDIA', 'hopper', 141, 'HBM3e', 4800, 600, 30, 60, 1671, 3341, 'NVL', 'NVLink bridge', true, false, 2024, 'Air-cooled PCIe H200 with 141GB HBM3e, bridged in pairs or fours over NVLink', ARRAY['LLM Inference', 'Fine-tuning', 'RAG']),
    ('h100-nvl', 'NVIDIA H100 NVL', 'H100 NVL', 'NVIDIA', 'hopper', 94, 'HBM3', 3900, 400, 30, 60, 1671, 3341, 'NVL', 'NVLink bridge', true, false, 2023, 'PCIe H100 with 94GB HBM3, sold as NVLink-bridged pairs for LLM inference', ARRAY['LLM Inference', 'Fine-tuning']),
    ('gh200', 'NVIDIA GH200 Grace Hopper Superchip', 'GH200', 'NVIDIA', 'hopper', 96, 'HBM3', 4000, NULL, 34, 67, 1979, 3958, 'Superchip', 'NVLink-C2C', true, false, 2023, 'Hopper GPU with 96GB HBM3 coupled to a 72-core Grace Arm CPU over NVLink-C2C', ARRAY['LLM Training', 'LLM Inference', 'Scientific Computing']),

    -- Ampere
    ('a100-80gb-pcie', 'NVIDIA A100 80GB PCIe', 'A100 80GB PCIe', 'NVIDIA', 'ampere', 80, 'HBM2e', 1935, 300, 9.7, 19.5, 312, NULL, 'PCIe', 'PCIe Gen4', true, false, 2021, 'PCIe A100 with 80GB HBM2e for standard servers', ARRAY['Training', 'Inference', 'Fine-tuning']),
    ('a100-40gb-pcie', 'NVIDIA A100 40GB PCIe', 'A100 40GB PCIe', 'NVIDIA', 'ampere', 40, 'HBM2', 1555, 250, 9.7, 19.5, 312, NULL, 'PCIe', 'PCIe Gen4', true, false, 2020, 'PCIe A100 with 40GB HBM2', ARRAY['Training', 'Inference', 'Development']),
    ('a40', 'NVIDIA A40', 'A40', 'NVIDIA', 'ampere', 48, 'GDDR6', 696, 300, NULL, 37.4, 149.7, NULL, 'PCIe', 'PCIe Gen4, NVLink bridge', true, false, 2020, 'Datacenter Ampere card with 48GB for visual computing and inference', ARRAY['Inference', 'Rendering', 'Fine-tuning']),
    ('a10', 'NVIDIA A10', 'A10', 'NVIDIA', 'ampere', 24, 'GDDR6', 600, 150, NULL, 31.2, 125, NULL, 'PCIe', 'PCIe Gen4', true, false, 2021, 'Single-slot 150W datacenter card for inference and virtual workstations', ARRAY['Inference', 'Image Generation']),
    ('rtx-a6000', 'NVIDIA RTX A6000', 'RTX A6000', 'NVIDIA', 'ampere', 48, 'GDDR6', 768, 300, NULL, 38.7, NULL, NULL, 'PCIe', 'PCIe Gen4, NVLink bridge', false, false, 2020, 'Ampere workstation card with 48GB, common on marketplaces', ARRAY['Inference', 'Fine-tuning', 'Rendering']),
    ('rtx-a5000', 'NVIDIA RTX A5000', 'RTX A5000', 'NVIDIA', 'ampere', 24, 'GDDR6', 768, 230, NULL, 27.8, NULL, NULL, 'PCIe', 'PCIe Gen4, NVLink bridge', false, false, 2021, 'Ampere workstation card with 24GB', ARRAY['Inference', 'Development']),
    ('rtx-a4000', 'NVIDIA RTX A4000', 'RTX A4000', 'NVIDIA', 'ampere', 16, 'GDDR6', 448, 140, NULL, 19.2, NULL, NULL, 'PCIe', 'PCIe Gen4', false, false, 2021, 'Single-slot Ampere workstation card with 16GB', ARRAY['Inference', 'Development']),
    ('rtx-3080', 'NVIDIA GeForce RTX 3080', 'RTX 3080', 'NVIDIA', 'ampere', 10, 'GDDR6X', 760, 320, NULL, 29.8, NULL, NULL, 'PCIe', 'PCIe Gen4', false, true, 2020, 'Consumer Ampere card with 10GB (the 12GB model is a different card)', ARRAY['Inference', 'Development']),

    -- Ada Lovelace
    ('l40', 'NVIDIA L40', 'L40', 'NVIDIA', 'ada_lovelace', 48, 'GDDR6', 864, 300, NULL, 90.5, 181.05, 362, 'PCIe', 'PCIe Gen4', true, false, 2022, 'Datacenter Ada card with 48GB, graphics-first sibling of the L40S', ARRAY['Inference', 'Rendering', 'Image Generation']),
    ('l4', 'NVIDIA L4', 'L4', 'NVIDIA', 'ada_lovelace', 24, 'GDDR6', 300, 72, NULL, 30.3, 242, 485, 'PCIe', 'PCIe Gen4', true, false, 2023, 'Low-profile 72W inference card', ARRAY['Inference', 'Video Processing']),
    ('rtx-6000-ada', 'NVIDIA RTX 6000 Ada Generation', 'RTX 6000 Ada', 'NVIDIA', 'ada_lovelace', 48, 'GDDR6', 960, 300, NULL, 91.1, NULL, NULL, 'PCIe', 'PCIe Gen4', false, false, 2022, 'Ada workstation card with 48GB; not the 24GB Quadro RTX 6000', ARRAY['Inference', 'Fine-tuning', 'Rendering']),
    ('rtx-4000-ada', 'NVIDIA RTX 4000 Ada Generation', 'RTX 4000 Ada', 'NVIDIA', 'ada_lovelace', 20, 'GDDR6', 360, 130, NULL, 26.7, NULL, NULL, 'PCIe', 'PCIe Gen4', false, false, 2023, 'Single-slot Ada workstation card with 20GB', ARRAY['Inference', 'Development']),
    ('rtx-4080', 'NVIDIA GeForce RTX 4080', 'RTX 4080', 'NVIDIA', 'ada_lovelace', 16, 'GDDR6X', 717, 320, NULL, 48.7, NULL, NULL, 'PCIe', 'PCIe Gen4', false, true, 2022, 'Consumer Ada card with 16GB (the RTX 4080 SUPER is a different card)', ARRAY['Inference', 'Image Generation', 'Development']),

    -- Blackwell workstation: the GB202 die of the RTX 5090, hence its architecture
    ('rtx-pro-6000', 'NVIDIA RTX PRO 6000 Blackwell', 'RTX PRO 6000', 'NVIDIA', 'consumer_blackwell', 96, 'GDDR7', 1792, NULL, NULL, NULL, NULL, NULL, 'PCIe', 'PCIe Gen5', true, false, 2025, 'Blackwell professional card with 96GB GDDR7; Workstation (600W), Server and Max-Q (300W) editions', ARRAY['Inference', 'Fine-tuning', 'Rendering']),

    -- Turing
    ('quadro-rtx-8000', 'NVIDIA Quadro RTX 8000', 'Quadro RTX 8000', 'NVIDIA', 'turing', 48, 'GDDR6', 672, 295, NULL, 16.3, 130.5, NULL, 'PCIe', 'PCIe Gen3, NVLink bridge', false, false, 2018, 'Turing workstation card with 48GB', ARRAY['Inference', 'Rendering']),
    ('quadro-rtx-6000', 'NVIDIA Quadro RTX 6000', 'Quadro RTX 6000', 'NVIDIA', 'turing', 24, 'GDDR6', 672, 295, NULL, 16.3, 130.5, NULL, 'PCIe', 'PCIe Gen3, NVLink bridge', false, false, 2018, 'Turing workstation card with 24GB (Lambda''s "RTX 6000"); not the RTX 6000 Ada', ARRAY['Inference', 'Development']),
    ('t4', 'NVIDIA T4', 'T4', 'NVIDIA', 'turing', 16, 'GDDR6', 320, 70, NULL, 8.1, 65, NULL, 'PCIe', 'PCIe Gen3', true, false, 2018, 'Low-profile 70W inference card, the hyperscalers'' entry GPU', ARRAY['Inference', 'Video Processing']),

    -- Volta: one row per memory size covers SXM2 (300W) and PCIe (250W), whose compute differs
    ('v100-32gb', 'NVIDIA Tesla V100 32GB', 'V100 32GB', 'NVIDIA', 'volta', 32, 'HBM2', 900, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, false, 2018, 'Volta datacenter GPU with 32GB HBM2, SXM2 or PCIe', ARRAY['Training', 'Scientific Computing']),
    ('v100-16gb', 'NVIDIA Tesla V100 16GB', 'V100 16GB', 'NVIDIA', 'volta', 16, 'HBM2', 900, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, false, 2017, 'Volta datacenter GPU with 16GB HBM2, SXM2 or PCIe', ARRAY['Training', 'Scientific Computing']),

    -- AMD CDNA 3
    ('mi300x', 'AMD Instinct MI300X', 'MI300X', 'AMD', 'cdna3', 192, 'HBM3', 5300, 750, 81.7, 163.4, 1307.4, 2614.9, 'OAM', 'Infinity Fabric', true, false, 2023, 'AMD accelerator with 192GB HBM3 on an OAM module', ARRAY['LLM Inference', 'LLM Training'])

ON CONFLICT (slug) DO UPDATE SET
    name = EXCLUDED.name,
    short_name = EXCLUDED.short_name,
    manufacturer = EXCLUDED.manufacturer,
    architecture = EXCLUDED.architecture,
    vram_gb = EXCLUDED.vram_gb,
    memory_type = EXCLUDED.memory_type,
    memory_bandwidth_gbps = EXCLUDED.memory_bandwidth_gbps,
    tdp_watts = EXCLUDED.tdp_watts,
    fp64_tflops = EXCLUDED.fp64_tflops,
    fp32_tflops = EXCLUDED.fp32_tflops,
    fp16_tflops = EXCLUDED.fp16_tflops,
    fp8_tflops = EXCLUDED.fp8_tflops,
    form_factor = EXCLUDED.form_factor,
    interconnect = EXCLUDED.interconnect,
    is_datacenter = EXCLUDED.is_datacenter,
    is_consumer = EXCLUDED.is_consumer,
    generation_year = EXCLUDED.generation_year,
    description = EXCLUDED.description,
    use_cases = EXCLUDED.use_cases,
    updated_at = NOW();

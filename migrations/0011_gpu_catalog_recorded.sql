-- GPUs that genuine recorded provider answers list and the catalog lacked (RunPod's gpuTypes of
-- 2025-06 and 2026-09, Scaleway's server types of 2025-09 to 2026-07, Verda's instance types of
-- 2026-09, Vultr's Cloud GPU plans of 2026-04), with figures from the vendors' product pages and
-- datasheets: memory size and type, memory bandwidth, board power, year. A column is NULL where the
-- vendor publishes no plain figure (dense tensor TFLOPS for most of these; the power of a module
-- that only ships inside an OEM board). The A16 row is one of the four GPUs of an A16 board (16 GB
-- and 200 GB/s each; the board draws 250 W for all four). Upserts, so running it again refreshes
-- the rows instead of failing.

INSERT INTO cloudgpus.gpu_models (slug, name, short_name, manufacturer, architecture, vram_gb, memory_type, memory_bandwidth_gbps, tdp_watts, fp64_tflops, fp32_tflops, fp16_tflops, fp8_tflops, form_factor, interconnect, is_datacenter, is_consumer, generation_year, description, use_cases)
VALUES
    -- Blackwell Ultra
    ('b300-sxm', 'NVIDIA B300', 'B300', 'NVIDIA', 'blackwell', 288, 'HBM3e', 8000, NULL, NULL, NULL, NULL, NULL, 'SXM', 'NVLink 5', true, false, 2025, 'Blackwell Ultra GPU with 288GB HBM3e on HGX B300 boards', ARRAY['LLM Training', 'LLM Inference']),
    ('gb300-nvl', 'NVIDIA GB300 NVL72', 'GB300', 'NVIDIA', 'blackwell', 288, 'HBM3e', 8000, NULL, NULL, NULL, NULL, NULL, 'NVL', 'NVLink 5 (NVL72 rack)', true, false, 2025, 'Blackwell Ultra GPU with 288GB HBM3e paired with a Grace CPU in NVL72 racks', ARRAY['LLM Training', 'LLM Inference']),

    -- Ampere datacenter
    ('a30', 'NVIDIA A30', 'A30', 'NVIDIA', 'ampere', 24, 'HBM2', 933, 165, 5.2, 10.3, 165, NULL, 'PCIe', 'PCIe Gen4, NVLink bridge', true, false, 2021, 'Mainstream Ampere datacenter card with 24GB HBM2 for inference', ARRAY['Inference', 'Scientific Computing']),
    ('a16', 'NVIDIA A16', 'A16', 'NVIDIA', 'ampere', 16, 'GDDR6', 200, NULL, NULL, 4.5, NULL, NULL, 'PCIe', 'PCIe Gen4', true, false, 2021, 'One of the four GPUs of an A16 board (64GB in all), built for virtual desktops', ARRAY['Inference', 'Video Processing']),

    -- Pascal
    ('p100', 'NVIDIA Tesla P100 16GB', 'P100', 'NVIDIA', 'pascal', 16, 'HBM2', 732, 250, 4.7, 9.3, 18.7, NULL, 'PCIe', 'PCIe Gen3', true, false, 2016, 'Pascal datacenter card with 16GB HBM2, still rented for rendering', ARRAY['Rendering', 'Scientific Computing']),

    -- Ada and Ampere workstation
    ('rtx-5000-ada', 'NVIDIA RTX 5000 Ada Generation', 'RTX 5000 Ada', 'NVIDIA', 'ada_lovelace', 32, 'GDDR6', 576, 250, NULL, 65.3, NULL, NULL, 'PCIe', 'PCIe Gen4', false, false, 2023, 'Ada workstation card with 32GB', ARRAY['Inference', 'Fine-tuning', 'Rendering']),
    ('rtx-2000-ada', 'NVIDIA RTX 2000 Ada Generation', 'RTX 2000 Ada', 'NVIDIA', 'ada_lovelace', 16, 'GDDR6', 224, 70, NULL, 12, NULL, NULL, 'PCIe', 'PCIe Gen4', false, false, 2024, 'Low-profile 70W Ada workstation card with 16GB', ARRAY['Inference', 'Development']),
    ('rtx-a4500', 'NVIDIA RTX A4500', 'RTX A4500', 'NVIDIA', 'ampere', 20, 'GDDR6', 640, 200, NULL, 23.7, NULL, NULL, 'PCIe', 'PCIe Gen4, NVLink bridge', false, false, 2021, 'Ampere workstation card with 20GB', ARRAY['Inference', 'Development']),
    ('rtx-a2000', 'NVIDIA RTX A2000', 'RTX A2000', 'NVIDIA', 'ampere', 6, 'GDDR6', 288, 70, NULL, 8, NULL, NULL, 'PCIe', 'PCIe Gen4', false, false, 2021, 'Low-profile Ampere workstation card with 6GB (the 12GB model is listed apart)', ARRAY['Development']),

    -- GeForce
    ('rtx-3070', 'NVIDIA GeForce RTX 3070', 'RTX 3070', 'NVIDIA', 'ampere', 8, 'GDDR6', 448, 220, NULL, 20.3, NULL, NULL, 'PCIe', 'PCIe Gen4', false, true, 2020, 'Consumer Ampere card with 8GB', ARRAY['Development', 'Image Generation']),
    ('rtx-3080-ti', 'NVIDIA GeForce RTX 3080 Ti', 'RTX 3080 Ti', 'NVIDIA', 'ampere', 12, 'GDDR6X', 912, 350, NULL, 34.1, NULL, NULL, 'PCIe', 'PCIe Gen4', false, true, 2021, 'Consumer Ampere card with 12GB', ARRAY['Inference', 'Image Generation']),
    ('rtx-3090-ti', 'NVIDIA GeForce RTX 3090 Ti', 'RTX 3090 Ti', 'NVIDIA', 'ampere', 24, 'GDDR6X', 1008, 450, NULL, 40, NULL, NULL, 'PCIe', 'PCIe Gen4', false, true, 2022, 'Consumer Ampere card with 24GB, faster sibling of the RTX 3090', ARRAY['Inference', 'Image Generation', 'Fine-tuning']),
    ('rtx-4070-ti', 'NVIDIA GeForce RTX 4070 Ti', 'RTX 4070 Ti', 'NVIDIA', 'ada_lovelace', 12, 'GDDR6X', 504, 285, NULL, 40.1, NULL, NULL, 'PCIe', 'PCIe Gen4', false, true, 2023, 'Consumer Ada card with 12GB', ARRAY['Inference', 'Image Generation']),
    ('rtx-4080-super', 'NVIDIA GeForce RTX 4080 SUPER', 'RTX 4080 SUPER', 'NVIDIA', 'ada_lovelace', 16, 'GDDR6X', 736, 320, NULL, 52.2, NULL, NULL, 'PCIe', 'PCIe Gen4', false, true, 2024, 'Consumer Ada card with 16GB, the refreshed RTX 4080', ARRAY['Inference', 'Image Generation']),
    ('rtx-5080', 'NVIDIA GeForce RTX 5080', 'RTX 5080', 'NVIDIA', 'consumer_blackwell', 16, 'GDDR7', 960, 360, NULL, 56.3, NULL, NULL, 'PCIe', 'PCIe Gen5', false, true, 2025, 'Consumer Blackwell card with 16GB GDDR7', ARRAY['Inference', 'Image Generation']),

    -- Blackwell workstation (GB202 / GB203 dies)
    ('rtx-pro-5000', 'NVIDIA RTX PRO 5000 Blackwell', 'RTX PRO 5000', 'NVIDIA', 'consumer_blackwell', 48, 'GDDR7', 1344, 300, NULL, NULL, NULL, NULL, 'PCIe', 'PCIe Gen5', false, false, 2025, 'Blackwell workstation card with 48GB GDDR7', ARRAY['Inference', 'Fine-tuning', 'Rendering']),
    ('rtx-pro-4500', 'NVIDIA RTX PRO 4500 Blackwell', 'RTX PRO 4500', 'NVIDIA', 'consumer_blackwell', 32, 'GDDR7', 896, 200, NULL, NULL, NULL, NULL, 'PCIe', 'PCIe Gen5', false, false, 2025, 'Blackwell workstation card with 32GB GDDR7 (also in a Server Edition)', ARRAY['Inference', 'Rendering']),
    ('rtx-pro-4000', 'NVIDIA RTX PRO 4000 Blackwell', 'RTX PRO 4000', 'NVIDIA', 'consumer_blackwell', 24, 'GDDR7', 672, 140, NULL, NULL, NULL, NULL, 'PCIe', 'PCIe Gen5', false, false, 2025, 'Single-slot Blackwell workstation card with 24GB GDDR7', ARRAY['Inference', 'Development']),

    -- AMD Instinct
    ('mi325x', 'AMD Instinct MI325X', 'MI325X', 'AMD', 'cdna3', 256, 'HBM3e', 6000, 1000, 81.7, 163.4, 1307.4, 2614.9, 'OAM', 'Infinity Fabric', true, false, 2024, 'CDNA3 accelerator with 256GB HBM3e', ARRAY['LLM Inference', 'LLM Training']),
    ('mi355x', 'AMD Instinct MI355X', 'MI355X', 'AMD', 'cdna4', 288, 'HBM3e', 8000, 1400, 78.6, 157.3, NULL, NULL, 'OAM', 'Infinity Fabric', true, false, 2025, 'CDNA4 accelerator with 288GB HBM3e', ARRAY['LLM Inference', 'LLM Training'])
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
    use_cases = EXCLUDED.use_cases;

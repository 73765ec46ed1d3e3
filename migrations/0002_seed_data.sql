-- Seed data (docs/database.md §5), as first designed: the 12 GPU models, the providers and the
-- sample benchmarks. Upserts, so running it again refreshes the rows instead of failing.

INSERT INTO cloudgpus.gpu_models (slug, name, short_name, manufacturer, architecture, vram_gb, memory_type, memory_bandwidth_gbps, tdp_watts, fp16_tflops, fp8_tflops, form_factor, interconnect, is_datacenter, is_consumer, generation_year, description, use_cases)
VALUES
    -- Blackwell Generation
    ('b200-sxm', 'NVIDIA B200 SXM', 'B200', 'NVIDIA', 'blackwell', 192, 'HBM3e', 8000, 1000, 4500, 9000, 'SXM', 'NVLink + NVSwitch', true, false, 2024, 'Flagship Blackwell GPU for trillion-parameter model training', ARRAY['LLM Training', 'Scientific Computing', 'Large-Scale AI']),
    ('gb200-nvl', 'NVIDIA GB200 NVL72', 'GB200', 'NVIDIA', 'blackwell', 192, 'HBM3e', 8000, 2700, 5000, 10000, 'NVL', 'NVLink + NVSwitch', true, false, 2024, 'Grace Blackwell Superchip with 72-GPU rack configuration', ARRAY['Frontier AI Training', 'HPC', 'Enterprise AI']),

    -- Hopper Generation
    ('h200-sxm', 'NVIDIA H200 SXM', 'H200', 'NVIDIA', 'hopper', 141, 'HBM3e', 4800, 700, 1979, 3958, 'SXM5', 'NVLink', true, false, 2024, 'Enhanced Hopper with 141GB HBM3e for large model inference', ARRAY['LLM Inference', 'Fine-tuning', 'RAG']),
    ('h100-sxm', 'NVIDIA H100 SXM', 'H100 SXM', 'NVIDIA', 'hopper', 80, 'HBM3', 3350, 700, 1979, 3958, 'SXM5', 'NVLink', true, false, 2023, 'Industry standard for AI training and inference', ARRAY['LLM Training', 'LLM Inference', 'Fine-tuning', 'Image Generation']),
    ('h100-pcie', 'NVIDIA H100 PCIe', 'H100 PCIe', 'NVIDIA', 'hopper', 80, 'HBM3', 2000, 350, 1513, 3026, 'PCIe', 'PCIe Gen5', true, false, 2023, 'PCIe variant for standard server deployments', ARRAY['Inference', 'Fine-tuning', 'Development']),

    -- Ada Lovelace Generation
    ('l40s', 'NVIDIA L40S', 'L40S', 'NVIDIA', 'ada_lovelace', 48, 'GDDR6', 864, 350, 362, 724, 'PCIe', 'PCIe Gen4', true, false, 2023, 'Versatile datacenter GPU for AI and graphics', ARRAY['Inference', 'Image Generation', 'Video Processing']),
    ('rtx-4090', 'NVIDIA GeForce RTX 4090', 'RTX 4090', 'NVIDIA', 'ada_lovelace', 24, 'GDDR6X', 1008, 450, 330, 660, 'PCIe', 'PCIe Gen4', false, true, 2022, 'Flagship consumer GPU with excellent price-performance', ARRAY['Inference', 'Fine-tuning', 'Image Generation', 'Development']),

    -- Blackwell Consumer
    ('rtx-5090', 'NVIDIA GeForce RTX 5090', 'RTX 5090', 'NVIDIA', 'consumer_blackwell', 32, 'GDDR7', 1792, 575, 419, 838, 'PCIe', 'PCIe Gen5', false, true, 2025, 'Next-gen consumer GPU with 32GB GDDR7, competitive with datacenter cards for inference', ARRAY['Inference', 'Fine-tuning', 'Image Generation', 'Video Generation']),

    -- Ampere Generation
    ('a100-80gb', 'NVIDIA A100 80GB', 'A100 80GB', 'NVIDIA', 'ampere', 80, 'HBM2e', 2039, 400, 312, NULL, 'SXM4', 'NVLink', true, false, 2021, 'Previous generation flagship, still widely available', ARRAY['Training', 'Inference', 'Fine-tuning']),
    ('a100-40gb', 'NVIDIA A100 40GB', 'A100 40GB', 'NVIDIA', 'ampere', 40, 'HBM2e', 1555, 400, 312, NULL, 'SXM4', 'NVLink', true, false, 2020, 'Cost-effective option for medium-sized models', ARRAY['Training', 'Inference', 'Development']),
    ('a10g', 'NVIDIA A10G', 'A10G', 'NVIDIA', 'ampere', 24, 'GDDR6', 600, 150, 125, NULL, 'PCIe', 'PCIe Gen4', true, false, 2021, 'AWS-optimized GPU for inference workloads', ARRAY['Inference', 'Image Generation']),
    ('rtx-3090', 'NVIDIA GeForce RTX 3090', 'RTX 3090', 'NVIDIA', 'ampere', 24, 'GDDR6X', 936, 350, 142, NULL, 'PCIe', 'PCIe Gen4', false, true, 2020, 'Legacy consumer GPU, still popular on DePIN platforms', ARRAY['Inference', 'Fine-tuning', 'Development'])

ON CONFLICT (slug) DO UPDATE SET
    name = EXCLUDED.name,
    vram_gb = EXCLUDED.vram_gb,
    memory_bandwidth_gbps = EXCLUDED.memory_bandwidth_gbps,
    fp16_tflops = EXCLUDED.fp16_tflops,
    fp8_tflops = EXCLUDED.fp8_tflops,
    updated_at = NOW();

INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, description, pros, cons, best_for)
VALUES
    -- Specialized Neoclouds (Enterprise Tier)
    ('lambda-labs', 'Lambda Labs', 'Lambda', 'specialized_neocloud', 'enterprise', 'USA', 'https://lambdalabs.com', 'https://lambdalabs.com/service/gpu-cloud#pricing', 'https://docs.lambda.ai/api', 'https://api.lambda.ai/v1', 'bearer_token', true, 99.9, false, true, 'Pioneer in AI cloud computing, known for simplicity and developer focus', ARRAY['Simple REST API', 'Quick provisioning', 'Strong documentation', 'Competitive B200 pricing'], ARRAY['Limited regions', 'No spot instances'], ARRAY['AI startups', 'Research teams', 'Production inference']),

    ('coreweave', 'CoreWeave', 'CoreWeave', 'specialized_neocloud', 'enterprise', 'USA', 'https://coreweave.com', 'https://coreweave.com/pricing', 'https://docs.coreweave.com', 'https://api.coreweave.com', 'kubeconfig', true, 99.99, false, true, 'Kubernetes-native GPU cloud serving OpenAI, Mistral, and enterprise AI labs', ARRAY['Kubernetes native', 'InfiniBand included', 'GB200 NVL72 availability', 'Enterprise SLA'], ARRAY['Higher prices', 'Requires K8s expertise', 'No simple VM API'], ARRAY['Enterprise AI training', 'Large model deployment', 'Frontier AI labs']),

    ('voltage-park', 'Voltage Park', 'Voltage Park', 'specialized_neocloud', 'enterprise', 'USA', 'https://voltagepark.com', 'https://voltagepark.com/pricing', 'https://docs.voltagepark.com/on-demand/api', 'https://cloud-api.voltagepark.com', 'bearer_token', true, 99.9, false, true, 'Bare metal H100 specialist with 24,000+ GPU cluster', ARRAY['Lowest H100 SXM prices', 'True bare metal', 'No virtualization overhead', 'Full hardware control'], ARRAY['Limited GPU variety', 'Bare metal complexity'], ARRAY['Distributed training', 'Price-sensitive enterprise', 'ML researchers']),

    -- Regional Clouds
    ('nebius', 'Nebius AI', 'Nebius', 'regional_cloud', 'enterprise', 'NLD', 'https://nebius.com', 'https://nebius.com/pricing', 'https://docs.nebius.com', 'api.nebius.cloud:443', 'iam_token', true, 99.9, true, true, 'European GPU cloud from ex-Yandex team with aggressive H200 deployment', ARRAY['Lowest H200 preemptible rates', 'European data residency', 'Modern gRPC API', 'S3-compatible storage'], ARRAY['Limited US presence'], ARRAY['European enterprises', 'GDPR compliance', 'Cost-optimized training']),

    ('gmi-cloud', 'GMI Cloud', 'GMI', 'regional_cloud', 'standard', 'TWN', 'https://gmicloud.ai', 'https://gmicloud.ai/pricing', 'https://docs.gmicloud.ai', 'https://api.gmi-serving.com/v1', 'bearer_token', true, 99.5, false, true, 'Taiwan-based cloud with supply chain advantages from Quanta/Wistron partnerships', ARRAY['Lowest H200 prices globally', 'Fast hardware deployment', 'Asia-Pacific presence'], ARRAY['Newer platform', 'Limited track record'], ARRAY['Asia-Pacific workloads', 'Cost-sensitive inference']),

    ('hyperstack', 'Hyperstack', 'Hyperstack', 'regional_cloud', 'standard', 'GBR', 'https://hyperstack.cloud', 'https://hyperstack.cloud/pricing', 'https://docs.hyperstack.cloud', 'https://infrahub-api.nexgencloud.com/v1', 'api_key', true, 99.5, false, false, 'Green energy GPU cloud focusing on sustainability', ARRAY['Green energy powered', 'Competitive H100 pricing', 'European locations'], ARRAY['Smaller scale'], ARRAY['Sustainability-focused teams', 'European compliance']),

    ('scaleway', 'Scaleway', 'Scaleway', 'regional_cloud', 'standard', 'FRA', 'https://scaleway.com', 'https://scaleway.com/en/pricing', 'https://developers.scaleway.com', 'https://api.scaleway.com', 'x_auth_token', true, 99.9, false, false, 'French cloud provider with GPU instances', ARRAY['European sovereignty', 'Strong compliance', 'Integrated ecosystem'], ARRAY['Limited GPU inventory'], ARRAY['French enterprises', 'EU data residency']),

    -- Marketplaces (Standard Tier)
    ('runpod', 'RunPod', 'RunPod', 'marketplace', 'standard', 'USA', 'https://runpod.io', 'https://runpod.io/pricing', 'https://docs.runpod.io', 'https://api.runpod.io/graphql', 'api_key', true, 99.0, true, false, 'Developer-friendly GPU marketplace bridging community and secure cloud', ARRAY['Serverless AI endpoints', 'Community cloud savings', 'Docker-native', 'RTX 5090 availability'], ARRAY['Variable community reliability'], ARRAY['Indie developers', 'Startups', 'Serverless inference']),

    ('tensordock', 'TensorDock', 'TensorDock', 'marketplace', 'standard', 'USA', 'https://tensordock.com', 'https://tensordock.com/pricing', 'https://docs.tensordock.com', 'https://dashboard.tensordock.com/api/v0', 'api_key', true, 99.0, true, false, 'Affordable GPU marketplace with global server locations', ARRAY['Very competitive pricing', 'Wide GPU selection', 'Hourly billing'], ARRAY['Smaller provider'], ARRAY['Budget-conscious developers', 'Testing']),

    -- DePIN (Community Tier)
    ('vast-ai', 'Vast.ai', 'Vast.ai', 'depin', 'community', 'USA', 'https://vast.ai', 'https://vast.ai', 'https://docs.vast.ai/api-reference', 'https://console.vast.ai/api/v0', 'api_key', true, NULL, true, false, 'Decentralized GPU rental marketplace with lowest prices globally', ARRAY['Absolute lowest prices', 'Huge GPU variety', 'Powerful filtering CLI'], ARRAY['No SLA', 'Variable quality', 'Host-dependent reliability'], ARRAY['Batch processing', 'Non-critical workloads', 'Experiments']),

    ('io-net', 'io.net', 'io.net', 'depin', 'community', 'USA', 'https://io.net', 'https://io.net/pricing', 'https://docs.io.net', NULL, 'api_key', true, NULL, false, false, 'Decentralized compute network aggregating crypto mining and datacenter capacity', ARRAY['Ray cluster support', 'Distributed training ready', 'Token incentives'], ARRAY['Crypto-native complexity', 'Variable availability'], ARRAY['Distributed ML', 'Ray workloads']),

    ('salad', 'Salad', 'Salad', 'depin', 'community', 'USA', 'https://salad.com', 'https://salad.com/pricing', 'https://docs.salad.com/reference/api-usage', 'https://api.salad.com/api/public', 'header_key', true, NULL, false, false, 'Consumer GPU network with millions of gaming PCs', ARRAY['Massive scale', 'Lowest consumer GPU prices', 'Great for batch jobs'], ARRAY['No SSH access', 'Short job limits', 'Container-only'], ARRAY['Image generation at scale', 'Transcoding', 'Batch inference']),

    -- Bare Metal
    ('latitude-sh', 'Latitude.sh', 'Latitude', 'bare_metal', 'standard', 'BRA', 'https://latitude.sh', 'https://latitude.sh/pricing', 'https://docs.latitude.sh', 'https://api.latitude.sh', 'bearer_token', true, 99.5, false, true, 'Global bare metal provider with GPU servers', ARRAY['True bare metal', 'Global locations', 'Strong API'], ARRAY['Limited GPU options'], ARRAY['Bare metal enthusiasts', 'Custom deployments']),

    ('vultr', 'Vultr', 'Vultr', 'bare_metal', 'standard', 'USA', 'https://vultr.com', 'https://vultr.com/pricing', 'https://vultr.com/api', 'https://api.vultr.com/v2', 'bearer_token', true, 99.99, false, false, 'Global cloud with GPU cloud compute instances', ARRAY['Global presence', 'Simple pricing', 'Good API'], ARRAY['Limited high-end GPUs'], ARRAY['General cloud workloads', 'Development']),

    -- Hyperscalers (Reference only - typically not aggregated)
    ('aws', 'Amazon Web Services', 'AWS', 'hyperscaler', 'enterprise', 'USA', 'https://aws.amazon.com', 'https://aws.amazon.com/ec2/pricing', 'https://docs.aws.amazon.com', 'https://ec2.amazonaws.com', 'aws_sig_v4', true, 99.99, true, true, 'Market leader with broadest GPU selection', ARRAY['Massive scale', 'All GPU types', 'Spot instances', 'Global regions'], ARRAY['Complex pricing', 'Higher costs'], ARRAY['Enterprise', 'Regulated industries']),

    ('gcp', 'Google Cloud Platform', 'GCP', 'hyperscaler', 'enterprise', 'USA', 'https://cloud.google.com', 'https://cloud.google.com/compute/gpus-pricing', 'https://cloud.google.com/docs', 'https://compute.googleapis.com', 'oauth2', true, 99.99, true, true, 'Strong ML ecosystem with TPU alternative', ARRAY['TPU access', 'ML tooling', 'Preemptible VMs'], ARRAY['Complex pricing'], ARRAY['Enterprise ML', 'TPU workloads']),

    ('azure', 'Microsoft Azure', 'Azure', 'hyperscaler', 'enterprise', 'USA', 'https://azure.microsoft.com', 'https://azure.microsoft.com/pricing/details/virtual-machines/linux/', 'https://docs.microsoft.com/azure', 'https://management.azure.com', 'oauth2', true, 99.99, true, true, 'Enterprise cloud with strong OpenAI partnership', ARRAY['OpenAI integration', 'Enterprise features', 'Hybrid cloud'], ARRAY['Complex pricing'], ARRAY['Enterprise', 'OpenAI API users']),

    -- Additional providers for comprehensive coverage
    ('crusoe', 'Crusoe Energy', 'Crusoe', 'specialized_neocloud', 'enterprise', 'USA', 'https://crusoe.ai', 'https://crusoe.ai/cloud', 'https://docs.crusoe.ai', NULL, 'bearer_token', false, 99.9, false, true, 'Climate-friendly GPU cloud using stranded energy', ARRAY['Carbon-negative compute', 'H100 availability'], ARRAY['Limited public API'], ARRAY['Sustainability focus', 'Enterprise AI']),

    ('paperspace', 'Paperspace (by DigitalOcean)', 'Paperspace', 'marketplace', 'standard', 'USA', 'https://paperspace.com', 'https://paperspace.com/pricing', 'https://docs.paperspace.com', 'https://api.paperspace.io', 'api_key', true, 99.5, false, false, 'Developer-friendly GPU cloud now owned by DigitalOcean', ARRAY['Gradient notebooks', 'Simple interface', 'Good for ML learning'], ARRAY['Older GPU inventory'], ARRAY['ML education', 'Prototyping']),

    ('fluidstack', 'FluidStack', 'FluidStack', 'marketplace', 'standard', 'GBR', 'https://fluidstack.io', 'https://fluidstack.io/pricing', 'https://docs.fluidstack.io', 'https://api.fluidstack.io', 'api_key', true, 99.0, true, false, 'GPU cloud aggregator with competitive pricing', ARRAY['Price aggregation', 'Multiple datacenter partners'], ARRAY['Smaller scale'], ARRAY['Cost optimization', 'Flexible workloads']),

    ('oblivus', 'Oblivus Cloud', 'Oblivus', 'regional_cloud', 'standard', 'SWE', 'https://oblivus.com', 'https://oblivus.com/pricing', 'https://docs.oblivus.com', NULL, 'api_key', false, 99.5, false, false, 'Nordic GPU cloud with green energy focus', ARRAY['100% renewable energy', 'Nordic cooling efficiency'], ARRAY['Limited GPU types'], ARRAY['Green computing', 'Nordic enterprises']),

    ('datacrunch', 'DataCrunch', 'DataCrunch', 'regional_cloud', 'standard', 'FIN', 'https://datacrunch.io', 'https://datacrunch.io/pricing', 'https://docs.datacrunch.io', 'https://api.datacrunch.io', 'api_key', true, 99.5, false, false, 'Finnish GPU cloud for AI workloads', ARRAY['Nordic location', 'Competitive pricing'], ARRAY['Smaller provider'], ARRAY['EU workloads', 'Research'])

ON CONFLICT (slug) DO UPDATE SET
    name = EXCLUDED.name,
    provider_type = EXCLUDED.provider_type,
    reliability_tier = EXCLUDED.reliability_tier,
    pricing_url = EXCLUDED.pricing_url,
    api_base_url = EXCLUDED.api_base_url,
    sla_uptime_percent = EXCLUDED.sla_uptime_percent,
    description = EXCLUDED.description,
    pros = EXCLUDED.pros,
    cons = EXCLUDED.cons,
    updated_at = NOW();

WITH gpu_ids AS (
    SELECT id, slug FROM cloudgpus.gpu_models
)
INSERT INTO cloudgpus.gpu_benchmarks (gpu_model_id, workload_type, benchmark_name, score, score_unit, batch_size, precision, model_name, framework, source_url)
SELECT
    g.id,
    b.workload_type,
    b.benchmark_name,
    b.score,
    b.score_unit,
    b.batch_size,
    b.precision,
    b.model_name,
    b.framework,
    b.source_url
FROM gpu_ids g
CROSS JOIN (
    VALUES
        -- H100 SXM Benchmarks
        ('h100-sxm', 'llm_inference'::cloudgpus.benchmark_workload, 'LLaMA-2-70B Inference', 85.0, 'tokens/sec', 1, 'FP16', 'LLaMA-2-70B', 'vLLM', 'https://docs.vllm.ai/en/latest/performance/benchmarks.html'),
        ('h100-sxm', 'llm_training'::cloudgpus.benchmark_workload, 'GPT-3 175B Training', 450.0, 'samples/sec', 2048, 'BF16', 'GPT-3 175B', 'Megatron-LM', NULL),
        ('h100-sxm', 'image_generation'::cloudgpus.benchmark_workload, 'SDXL Generation', 12.5, 'images/sec', 4, 'FP16', 'SDXL 1.0', 'Diffusers', NULL),

        -- H200 Benchmarks
        ('h200-sxm', 'llm_inference'::cloudgpus.benchmark_workload, 'LLaMA-2-70B Inference', 110.0, 'tokens/sec', 1, 'FP16', 'LLaMA-2-70B', 'vLLM', NULL),
        ('h200-sxm', 'llm_inference'::cloudgpus.benchmark_workload, 'LLaMA-3-405B Inference', 25.0, 'tokens/sec', 1, 'FP8', 'LLaMA-3-405B', 'vLLM', NULL),

        -- RTX 5090 Benchmarks
        ('rtx-5090', 'llm_inference'::cloudgpus.benchmark_workload, 'LLaMA-2-70B Inference (4-bit)', 45.0, 'tokens/sec', 1, 'INT4', 'LLaMA-2-70B-GPTQ', 'ExLlamaV2', NULL),
        ('rtx-5090', 'image_generation'::cloudgpus.benchmark_workload, 'SDXL Generation', 8.0, 'images/sec', 1, 'FP16', 'SDXL 1.0', 'ComfyUI', NULL),
        ('rtx-5090', 'fine_tuning'::cloudgpus.benchmark_workload, 'LLaMA-2-7B QLoRA', 2.5, 'samples/sec', 4, 'FP16', 'LLaMA-2-7B', 'PEFT', NULL),

        -- A100 80GB Benchmarks
        ('a100-80gb', 'llm_inference'::cloudgpus.benchmark_workload, 'LLaMA-2-70B Inference', 55.0, 'tokens/sec', 1, 'FP16', 'LLaMA-2-70B', 'vLLM', NULL),
        ('a100-80gb', 'llm_training'::cloudgpus.benchmark_workload, 'GPT-3 175B Training', 280.0, 'samples/sec', 1024, 'BF16', 'GPT-3 175B', 'Megatron-LM', NULL)
) AS b(gpu_slug, workload_type, benchmark_name, score, score_unit, batch_size, precision, model_name, framework, source_url)
WHERE g.slug = b.gpu_slug
ON CONFLICT (gpu_model_id, workload_type, benchmark_name, precision) DO UPDATE SET
    score = EXCLUDED.score,
    updated_at = NOW();

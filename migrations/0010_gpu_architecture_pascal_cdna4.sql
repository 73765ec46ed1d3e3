ALTER TYPE "cloudgpus"."gpu_architecture" ADD VALUE 'pascal';--> statement-breakpoint
ALTER TYPE "cloudgpus"."gpu_architecture" ADD VALUE 'cdna4';
/**
 * The EC2 instance types node groups may use, with their size. The table is
 * closed on purpose: a typo fails validation, and spot groups can be checked
 * for instance types of one size class (same vCPUs and memory), which the
 * cluster autoscaler needs to predict what a scale-up adds.
 */
export type CpuArchitecture = "x86_64" | "arm64";

export interface InstanceTypeInfo {
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly architecture: CpuArchitecture;
}

/** Families by memory per vCPU: compute (2 GiB), general purpose (4 GiB), memory optimized (8 GiB). */
const FAMILIES: Record<string, { memoryPerVcpu: number; architecture: CpuArchitecture }> = {
  c5: { memoryPerVcpu: 2, architecture: "x86_64" },
  c5a: { memoryPerVcpu: 2, architecture: "x86_64" },
  c6i: { memoryPerVcpu: 2, architecture: "x86_64" },
  c6a: { memoryPerVcpu: 2, architecture: "x86_64" },
  c7i: { memoryPerVcpu: 2, architecture: "x86_64" },
  c7a: { memoryPerVcpu: 2, architecture: "x86_64" },
  c6g: { memoryPerVcpu: 2, architecture: "arm64" },
  c7g: { memoryPerVcpu: 2, architecture: "arm64" },
  m5: { memoryPerVcpu: 4, architecture: "x86_64" },
  m5a: { memoryPerVcpu: 4, architecture: "x86_64" },
  m6i: { memoryPerVcpu: 4, architecture: "x86_64" },
  m6a: { memoryPerVcpu: 4, architecture: "x86_64" },
  m7i: { memoryPerVcpu: 4, architecture: "x86_64" },
  m7a: { memoryPerVcpu: 4, architecture: "x86_64" },
  m6g: { memoryPerVcpu: 4, architecture: "arm64" },
  m7g: { memoryPerVcpu: 4, architecture: "arm64" },
  r5: { memoryPerVcpu: 8, architecture: "x86_64" },
  r5a: { memoryPerVcpu: 8, architecture: "x86_64" },
  r6i: { memoryPerVcpu: 8, architecture: "x86_64" },
  r6a: { memoryPerVcpu: 8, architecture: "x86_64" },
  r7i: { memoryPerVcpu: 8, architecture: "x86_64" },
  r6g: { memoryPerVcpu: 8, architecture: "arm64" },
  r7g: { memoryPerVcpu: 8, architecture: "arm64" },
};

const SIZES: Record<string, number> = { large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16 };

/** Burstable types: vCPUs and memory do not follow a per-vCPU ratio. */
const BURSTABLE: Record<string, Omit<InstanceTypeInfo, "architecture">> = {
  medium: { vcpus: 2, memoryGiB: 4 },
  large: { vcpus: 2, memoryGiB: 8 },
  xlarge: { vcpus: 4, memoryGiB: 16 },
  "2xlarge": { vcpus: 8, memoryGiB: 32 },
};

function buildTable(): Record<string, InstanceTypeInfo> {
  const table: Record<string, InstanceTypeInfo> = {};
  for (const [family, { memoryPerVcpu, architecture }] of Object.entries(FAMILIES)) {
    for (const [size, vcpus] of Object.entries(SIZES)) {
      table[`${family}.${size}`] = { vcpus, memoryGiB: vcpus * memoryPerVcpu, architecture };
    }
  }
  for (const [family, architecture] of [
    ["t3", "x86_64"],
    ["t3a", "x86_64"],
    ["t4g", "arm64"],
  ] as const) {
    for (const [size, info] of Object.entries(BURSTABLE)) {
      table[`${family}.${size}`] = { ...info, architecture };
    }
  }
  return table;
}

export const INSTANCE_TYPES: Readonly<Record<string, InstanceTypeInfo>> = buildTable();

export const SUPPORTED_INSTANCE_TYPES = Object.keys(INSTANCE_TYPES).sort();

/** `2 vCPU / 8 GiB`: how a size class reads in messages. */
export function sizeClass(info: Pick<InstanceTypeInfo, "vcpus" | "memoryGiB">): string {
  return `${info.vcpus} vCPU / ${info.memoryGiB} GiB`;
}

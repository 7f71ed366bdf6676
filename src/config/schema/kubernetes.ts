import { z } from "zod";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `value` is a DNS-1123 label (Kubernetes namespace and object names). */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

export const dnsLabelMessage = (what: string) =>
  `${what} must be a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`;

/** A DNS-1123 label: Kubernetes namespace and object names. */
export const dnsLabel = (what: string) => z.string().refine(isDnsLabel, { message: dnsLabelMessage(what) });

const CPU_PATTERN = /^(\d+(\.\d+)?)(m?)$/;
const MEMORY_PATTERN = /^(\d+)(Ki|Mi|Gi|Ti|K|M|G|T)?$/;
const MEMORY_FACTORS: Record<string, number> = {
  "": 1,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** CPU quantity in cores: `"500m"` -> 0.5, `"2"` -> 2. Undefined when malformed. */
export function cpuCores(quantity: string): number | undefined {
  const match = CPU_PATTERN.exec(quantity);
  if (!match) return undefined;
  return Number(match[1]) / (match[3] === "m" ? 1000 : 1);
}

/** Memory quantity in bytes: `"512Mi"`, `"1Gi"`, `"1G"`. Undefined when malformed. */
export function memoryBytes(quantity: string): number | undefined {
  const match = MEMORY_PATTERN.exec(quantity);
  if (!match) return undefined;
  return Number(match[1]) * MEMORY_FACTORS[match[2] ?? ""];
}

/** A Kubernetes CPU quantity such as `250m` or `2`. */
export const cpuQuantity = z.string().refine((value) => (cpuCores(value) ?? 0) > 0, {
  message: 'must be a positive CPU quantity such as "250m" or "2"',
});

/** A Kubernetes memory quantity such as `512Mi` or `2Gi`. */
export const memoryQuantity = z.string().refine((value) => (memoryBytes(value) ?? 0) > 0, {
  message: 'must be a positive memory quantity such as "512Mi" or "2Gi" (suffixes Ki, Mi, Gi, Ti, K, M, G, T)',
});

/** CPU and memory for one container or one namespace. */
export const computeResourcesSchema = z.strictObject({
  cpu: cpuQuantity,
  memory: memoryQuantity,
});
export type ComputeResources = z.output<typeof computeResourcesSchema>;

/** Requests and limits of a container; limits must not be below requests. */
export const containerResourcesSchema = z
  .strictObject({
    /** What the scheduler reserves per pod. */
    requests: computeResourcesSchema,
    /** The most a pod may use; memory over the limit gets the pod OOM-killed. */
    limits: computeResourcesSchema,
  })
  .superRefine((resources, ctx) => reportRequestsAboveLimits(ctx, resources.requests, resources.limits));
export type ContainerResources = z.output<typeof containerResourcesSchema>;

/** Adds an issue for each of cpu and memory whose request exceeds its limit. */
export function reportRequestsAboveLimits(ctx: z.RefinementCtx, requests: ComputeResources, limits: ComputeResources, path: (string | number)[] = []): void {
  const compare = [
    ["cpu", cpuCores],
    ["memory", memoryBytes],
  ] as const;
  for (const [name, parse] of compare) {
    const request = parse(requests[name]);
    const limit = parse(limits[name]);
    if (request !== undefined && limit !== undefined && request > limit) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "requests", name],
        input: requests[name],
        message: `request is above the limit (${limits[name]}); requests must be at most the limits`,
      });
    }
  }
}

import { LAYERS, LAYER_DEPENDENCIES, Layer } from "./naming";

type Dependencies = { readonly [L in Layer]: readonly Layer[] };

/**
 * Problems with an apply order: a layer listed before a layer it reads, a
 * layer missing or repeated. Empty when the order is safe to apply top to bottom.
 */
export function applyOrderViolations(order: readonly Layer[] = LAYERS, dependencies: Dependencies = LAYER_DEPENDENCIES): string[] {
  const problems: string[] = [];
  for (const layer of LAYERS) {
    const count = order.filter((candidate) => candidate === layer).length;
    if (count !== 1) problems.push(`layer ${layer} appears ${count} times in the apply order; it must appear once`);
  }
  order.forEach((layer, position) => {
    for (const upstream of dependencies[layer] ?? []) {
      const upstreamPosition = order.indexOf(upstream);
      if (upstreamPosition > position) {
        problems.push(`layer ${layer} reads ${upstream}, so ${upstream} must come before ${layer} in the apply order`);
      }
    }
  });
  return problems;
}

/** Layers whose state `layer` reads directly. */
export function upstreamLayers(layer: Layer, dependencies: Dependencies = LAYER_DEPENDENCIES): readonly Layer[] {
  return dependencies[layer];
}

/**
 * Layers that read `layer`'s state directly, in apply order: the only
 * workspaces its remote state is shared with.
 */
export function consumersOf(layer: Layer, dependencies: Dependencies = LAYER_DEPENDENCIES): Layer[] {
  return LAYERS.filter((candidate) => dependencies[candidate].includes(layer));
}

/** Position of a layer in the apply order (network = 0). */
export function layerRank(layer: Layer): number {
  return LAYERS.indexOf(layer);
}

export function isLayer(value: string): value is Layer {
  return (LAYERS as readonly string[]).includes(value);
}

// The committed order must satisfy the committed dependencies: fail at load, not at apply.
const violations = applyOrderViolations();
if (violations.length > 0) throw new Error(`LAYERS is not a valid apply order:\n  - ${violations.join("\n  - ")}`);

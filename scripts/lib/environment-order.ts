import { ENVIRONMENTS } from "../../environments";

/** Environment names in promotion order (environments/index.ts): dev, staging, prod. */
export function environmentOrder(): string[] {
  return ENVIRONMENTS.map((source) => (source.input as { name: string }).name);
}

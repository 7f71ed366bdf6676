import type { EnvironmentSource } from "../src/config";
import { dev } from "./dev";
import { prod } from "./prod";
import { staging } from "./staging";

/** Every environment the app synthesizes, in promotion order. */
export const ENVIRONMENTS: readonly EnvironmentSource[] = [
  { source: "environments/dev.ts", input: dev },
  { source: "environments/staging.ts", input: staging },
  { source: "environments/prod.ts", input: prod },
];

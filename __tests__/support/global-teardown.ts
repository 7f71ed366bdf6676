import { rmSync } from "fs";
import { SHARED_SYNTH_DIR_VAR } from "./global-setup";

/** jest globalTeardown: removes the run's shared synth. */
export default function globalTeardown(): void {
  const dir = process.env[SHARED_SYNTH_DIR_VAR];
  if (dir) rmSync(dir, { recursive: true, force: true });
}

import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/** Names the directory of the run's one shared synth (see shared-synth.ts). */
export const SHARED_SYNTH_DIR_VAR = "LLM_PLATFORM_SHARED_SYNTH_DIR";

/** jest globalSetup: creates the directory the run's shared synth goes to; workers inherit the variable. */
export default function globalSetup(): void {
  process.env[SHARED_SYNTH_DIR_VAR] = mkdtempSync(join(tmpdir(), "llm-platform-shared-synth-"));
}

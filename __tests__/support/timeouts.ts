/**
 * Time limits for the hooks and tests that synthesize the whole app or generate every module.
 *
 * Jest's default (5 s) is sized for unit tests: a whole-app synth takes about 5 s on an idle
 * 2-core machine and several times that when the machine is busy, so these limits are sized for
 * a loaded machine. They only bound a hang: nothing here measures speed.
 */
export const HEAVY_HOOK_TIMEOUT_MS = 300_000;

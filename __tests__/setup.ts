// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...) and their typings.
import { setupJest } from "cdktf/lib/testing/adapters/jest";

setupJest();

// cdktf records a stack trace for every token it creates (with the stack trace limit raised to
// Number.MAX_SAFE_INTEGER for that one capture). Jest maps stack traces through source maps,
// which for those captures cost more than a third of a synth and nothing reads them here: they
// keep V8's own format. Every other stack trace (a failing test's) is mapped as before.
const mapped = Error.prepareStackTrace;
if (mapped) {
  Error.prepareStackTrace = (error, frames) =>
    Error.stackTraceLimit === Number.MAX_SAFE_INTEGER ? `${error}\n${frames.map((frame) => `    at ${frame}`).join("\n")}` : mapped(error, frames);
}

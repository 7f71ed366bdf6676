// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...) and their typings.
import { setupJest } from "cdktf/lib/testing/adapters/jest";

setupJest();

// cdktf records a stack trace for every token it creates, on a plain object
// (`Error.captureStackTrace({ stack: "" })`, with the stack trace limit raised for that one
// capture). Jest maps stack traces through source maps, which for those captures cost about a
// third of every test that builds a stack, and nothing here reads them: they keep V8's own
// format. V8 formats a capture lazily, when `.stack` is first read, after cdktf has restored the
// limit, so the captures are told apart by what they are captured on (not an Error). Every
// Error's stack trace (a failing test's, from this realm or Node's) is mapped as before.
const mapped = Error.prepareStackTrace;
if (mapped) {
  Error.prepareStackTrace = (error, frames) =>
    Object.prototype.toString.call(error) === "[object Error]" ? mapped(error, frames) : `${error}\n${frames.map((frame) => `    at ${frame}`).join("\n")}`;
}

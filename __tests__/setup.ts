// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...) and their typings.
import { setupJest } from "cdktf/lib/testing/adapters/jest";
import * as stackTrace from "cdktf/lib/tokens/private/stack-trace";

setupJest();

// cdktf records a full-depth stack trace for every token it creates (its `creationStack`, read
// only by the message of a token that fails to resolve). Under jest the stacks are deep and each
// capture is formatted, split and kept: about a tenth of the suite's CPU time, and garbage.
// Nothing here reads them and no output depends on them, so in tests tokens record none. The
// module's export is a plain property that cdktf reads at each call (`stack_trace_1.captureStackTrace`).
(stackTrace as { captureStackTrace: () => string[] }).captureStackTrace = () => [];

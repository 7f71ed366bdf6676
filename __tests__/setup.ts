// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...) and their typings.
import { setupJest } from "cdktf/lib/testing/adapters/jest";

setupJest();

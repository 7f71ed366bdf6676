/**
 * `npm run test:terraform`: the tests that run real Terraform (`terraform init` and `terraform
 * test` with the offline kit's providers), kept out of `npm test` for their cost. They need the
 * kit (VALIDATE_OFFLINE_KIT, or shared/terraform beside the repository) and fail without it;
 * .ci/run runs them after `npm run validate`.
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  roots: ["<rootDir>/__tests__/terraform"],
  testPathIgnorePatterns: ["/node_modules/"],
  // No suite here reads the shared synth.
  globalSetup: undefined,
  globalTeardown: undefined,
};

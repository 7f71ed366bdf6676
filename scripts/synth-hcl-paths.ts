import { join } from "path";

/** Where `npm run synth:hcl` writes: never inside cdktf.out, so no cdk.tf.json sits beside the HCL. */
export const HCL_OUTDIR = join(__dirname, "..", "cdktf.out.hcl");

export * from "./terraform-cloud-agents";

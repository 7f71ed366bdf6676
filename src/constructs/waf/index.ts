export * from "./logging";
export * from "./rules";
export * from "./web-acl";

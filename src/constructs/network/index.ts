export * from "./endpoints";
export * from "./flow-logs";
export * from "./network";
export * from "./subnet-layout";
export * from "./network-acls";
export * from "./data-only-network";

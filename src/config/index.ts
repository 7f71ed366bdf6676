export * from "./cidr";
export * from "./errors";
export * from "./load";
export * from "./regions";
export * from "./schema/data";
export * from "./schema/environment";
export * from "./schema/network";
export * from "./schema/primitives";

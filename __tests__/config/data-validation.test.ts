import { configErrorText, configOf, declared, merge, patched } from "../support/environments";

const errorText = (name: "dev" | "staging" | "prod", patch: unknown): string => configErrorText(patched(name, patch));

/** dev with its tables replaced by `tables`. */
function withTables(tables: unknown[]): string {
  const source = declared("dev");
  const input = merge(source.input, {}) as { data: { tables: unknown[] } };
  input.data.tables = tables;
  return configErrorText({ source: source.source, input });
}

const chats = {
  name: "chats",
  partitionKey: "id",
  attributes: { id: "S", user_id: "S", updated_at: "S" },
  globalSecondaryIndexes: [{ name: "user-id-index", partitionKey: "user_id", sortKey: "updated_at" }],
};

describe("data configuration", () => {
  it("applies defaults and makes the seed workloads real in every environment", () => {
    const dev = configOf("dev").data;
    expect(dev.database).toMatchObject({ engine: "aurora-serverless-v2", readers: 0, backupRetentionDays: 7, port: 5432 });
    expect(dev.cache).toMatchObject({ engine: "valkey", replicas: 0, maxmemoryPolicy: "allkeys-lru" });
    expect(dev.search.availabilityZoneCount).toBe(1);
    expect(dev.alarms.database.cpuPercent).toBe(80);
    for (const name of ["dev", "staging", "prod"] as const) {
      const data = configOf(name).data;
      expect(data.tables.map((table) => table.name)).toEqual(["configurations", "templates", "users", "chats"]);
      expect(data.tables.find((table) => table.name === "chats")!.stream).toBe("NEW_AND_OLD_IMAGES");
      expect(data.buckets.map((bucket) => bucket.name)).toEqual(["templates"]);
    }
    const prod = configOf("prod").data;
    expect(prod.database.readers).toBeGreaterThanOrEqual(1);
    expect(prod.cache.replicas).toBeGreaterThanOrEqual(1);
    expect(prod.search).toMatchObject({ availabilityZoneCount: 3, dedicatedMasters: { count: 3 } });
  });

  describe("tables", () => {
    it("rejects a key attribute that is not declared", () => {
      const text = withTables([{ ...chats, attributes: { id: "S", user_id: "S" } }]);
      expect(text).toContain('Invalid configuration for environment "dev"');
      expect(text).toContain(
        'data.tables[0].globalSecondaryIndexes[0].sortKey: got "updated_at": key attribute is not declared in attributes; declared: id, user_id',
      );
    });

    it("rejects a declared attribute that is no key", () => {
      const text = withTables([{ ...chats, attributes: { ...chats.attributes, title: "S" } }]);
      expect(text).toContain('data.tables[0].attributes.title: got "title": is declared but is no key');
    });

    it("rejects duplicate table names and duplicate index names", () => {
      const text = withTables([chats, { ...chats, globalSecondaryIndexes: [chats.globalSecondaryIndexes[0], chats.globalSecondaryIndexes[0]] }]);
      expect(text).toContain('data.tables[1]: got "chats": duplicate table name: already given at index 0');
      expect(text).toContain('data.tables[1].globalSecondaryIndexes+localSecondaryIndexes[1]: got "user-id-index": duplicate index name');
    });

    it("rejects a local index on a table without a sort key", () => {
      const text = withTables([{ ...chats, localSecondaryIndexes: [{ name: "by-updated", partitionKey: "id", sortKey: "updated_at" }] }]);
      expect(text).toContain('data.tables[0].localSecondaryIndexes[0]: got "by-updated": a local index needs a table with a sort key');
    });

    it("requires nonKeyAttributes exactly with projection INCLUDE", () => {
      const text = withTables([{ ...chats, globalSecondaryIndexes: [{ ...chats.globalSecondaryIndexes[0], projection: "INCLUDE" }] }]);
      expect(text).toContain("data.tables[0].globalSecondaryIndexes[0].nonKeyAttributes: must be given with projection INCLUDE");
    });

    it("requires capacity with PROVISIONED and rejects it otherwise", () => {
      expect(withTables([{ ...chats, billingMode: "PROVISIONED" }])).toContain("data.tables[0].capacity: is required with billingMode PROVISIONED");
      expect(withTables([{ ...chats, capacity: { read: 5, write: 5 } }])).toContain("data.tables[0].capacity: is only used with billingMode PROVISIONED");
    });

    it("rejects autoscaling with min above max, and a capacity outside the range", () => {
      const text = withTables([
        {
          ...chats,
          billingMode: "PROVISIONED",
          capacity: { read: 50, write: 5 },
          autoscaling: { read: { min: 5, max: 20 }, write: { min: 10, max: 2 } },
        },
      ]);
      expect(text).toContain("data.tables[0].autoscaling.write.min: got 10: must not exceed max (2)");
      expect(text).toContain("data.tables[0].capacity.read: got 50: must lie within autoscaling.read (5-20)");
    });

    it("rejects an unknown attribute type and unknown fields", () => {
      const text = withTables([{ ...chats, attributes: { ...chats.attributes, id: "STRING" }, hashKey: "id" }]);
      expect(text).toContain('data.tables[0].attributes.id: got "STRING": must be one of: "S", "N", "B"');
      expect(text).toContain("data.tables[0].hashKey: unknown field");
    });
  });

  describe("database", () => {
    it("rejects an unsupported engine version, naming the allowed ones", () => {
      const text = errorText("dev", { data: { database: { engineVersion: "13.4" } } });
      expect(text).toContain('data.database.engineVersion: got "13.4": is not a supported PostgreSQL version for engine aurora-serverless-v2; allowed: 15.10');
    });

    it("rejects an unknown engine", () => {
      expect(errorText("dev", { data: { database: { engine: "mysql" } } })).toContain(
        'data.database.engine: got "mysql": must be one of: "aurora-serverless-v2", "aurora-provisioned", "rds"',
      );
    });

    it("rejects min ACU above max ACU, and capacities off the 0.5 grid", () => {
      const text = errorText("dev", { data: { database: { serverlessCapacity: { minAcu: 8, maxAcu: 4.25 } } } });
      expect(text).toContain("data.database.serverlessCapacity.maxAcu: got 4.25: must be a multiple of 0.5 ACU");
      const minAboveMax = errorText("dev", { data: { database: { serverlessCapacity: { minAcu: 8, maxAcu: 4 } } } });
      expect(minAboveMax).toContain("data.database.serverlessCapacity.minAcu: got 8: must not exceed maxAcu (4)");
    });

    it("requires the settings of the chosen engine and rejects the others", () => {
      const provisioned = errorText("dev", { data: { database: { engine: "aurora-provisioned" } } });
      expect(provisioned).toContain("data.database.instanceClass: is required for engine aurora-provisioned");
      expect(provisioned).toContain("data.database.serverlessCapacity: is only used by aurora-serverless-v2");
      const serverless = errorText("dev", { data: { database: { instanceClass: "db.r7g.large" } } });
      expect(serverless).toContain('data.database.instanceClass: got "db.r7g.large": is not used by aurora-serverless-v2');
    });

    it("rejects an instance class outside the supported families", () => {
      const text = errorText("dev", {
        data: { database: { engine: "aurora-provisioned", serverlessCapacity: undefined, instanceClass: "db.x1.large" } },
      });
      expect(text).toContain('data.database.instanceClass: got "db.x1.large": must be a database instance class like db.t4g.large');
    });

    it("rejects readers on a plain RDS instance and storage min above max", () => {
      const text = errorText("dev", {
        data: {
          database: {
            engine: "rds",
            engineVersion: "16.8",
            serverlessCapacity: undefined,
            instanceClass: "db.m7g.large",
            readers: 1,
            storage: { allocatedGb: 600, maxAllocatedGb: 500 },
          },
        },
      });
      expect(text).toContain("data.database.readers: got 1: must be 0 for engine rds");
      expect(text).toContain("data.database.storage.allocatedGb: got 600: must not exceed maxAllocatedGb (500)");
    });

    it("rejects bad windows and Performance Insights retention", () => {
      const text = errorText("dev", {
        data: { database: { backupWindow: "3am", performanceInsightsRetentionDays: 30 } },
      });
      expect(text).toContain('data.database.backupWindow: got "3am": must be a daily UTC window hh:mm-hh:mm');
      expect(text).toContain("data.database.performanceInsightsRetentionDays: got 30: must be 7 or a multiple of 31");
    });
  });

  describe("cache and search", () => {
    it("rejects a cache version without IAM authentication", () => {
      const text = errorText("dev", { data: { cache: { engine: "redis", engineVersion: "6.2" } } });
      expect(text).toContain('data.cache.engineVersion: got "6.2": is not a supported redis version (IAM authentication needs');
      expect(text).toContain("allowed: 7.0, 7.1");
    });

    it("rejects a cache node type outside the supported families", () => {
      expect(errorText("dev", { data: { cache: { nodeType: "cache.t2.micro" } } })).toContain(
        'data.cache.nodeType: got "cache.t2.micro": must be a cache node type like cache.t4g.large',
      );
    });

    it("rejects an unsupported search version", () => {
      expect(errorText("dev", { data: { search: { engineVersion: "Elasticsearch_7.10" } } })).toContain(
        'data.search.engineVersion: got "Elasticsearch_7.10": must be one of: "OpenSearch_2.15"',
      );
    });

    it("rejects a node count that does not divide over the zones, and more zones than the network has", () => {
      const text = errorText("staging", {
        network: { availabilityZones: ["us-east-1a", "us-east-1b"] },
        data: { search: { instanceCount: 4, availabilityZoneCount: 3 } },
      });
      expect(text).toContain("data.search.instanceCount: got 4: must be a multiple of availabilityZoneCount (3)");
      expect(text).toContain("data.search.availabilityZoneCount: got 3: must not exceed the 2 availability zones");
    });

    it("rejects a domain name OpenSearch cannot take", () => {
      expect(errorText("dev", { name: "development-eu1" })).toContain(
        "data.search: the domain name llm-platform-development-eu1-search would be 35 characters; OpenSearch allows 28",
      );
    });

    it("rejects duplicate and too long bucket names", () => {
      const duplicate = errorText("dev", { data: { buckets: [{ name: "templates" }, { name: "templates" }] } });
      expect(duplicate).toContain('data.buckets[1]: got "templates": duplicate bucket name');
      const tooLong = errorText("dev", { name: "development-eu1", data: { buckets: [{ name: "conversation-archive-xyz" }] } });
      expect(tooLong).toContain(
        'data.buckets[0].name: got "conversation-archive-xyz": makes the S3 bucket name "llm-platform-development-eu1-conversation-archive-xyz-111111111111" 66 characters long',
      );
    });

    it("rejects an unknown alarm threshold field and a bad e-mail", () => {
      const text = errorText("dev", { data: { alarms: { database: { cpu: 90 }, emailSubscribers: ["oncall"] } } });
      expect(text).toContain("data.alarms.database.cpu: unknown field; allowed fields here: cpuPercent, freeableMemoryMiB");
      expect(text).toContain('data.alarms.emailSubscribers[0]: got "oncall": must be an e-mail address');
    });
  });

  describe("prod must be highly available and protected", () => {
    it.each([
      [{ database: { readers: 0 } }, "data.database.readers: got 0: stage prod must be highly available: give at least 1 Aurora reader"],
      [
        { database: { serverlessCapacity: { minAcu: 0, maxAcu: 64 } } },
        "data.database.serverlessCapacity.minAcu: got 0: stage prod must be highly available: the database may not pause",
      ],
      [{ database: { backupRetentionDays: 7 } }, "data.database.backupRetentionDays: got 7: stage prod must keep at least 14 days of backups"],
      [{ cache: { replicas: 0 } }, "data.cache.replicas: got 0: stage prod must be highly available: give at least 1 replica"],
      [{ cache: { snapshotRetentionDays: 0 } }, "data.cache.snapshotRetentionDays: got 0: stage prod must keep at least 1 daily cache snapshot"],
      [
        { search: { availabilityZoneCount: 1 } },
        "data.search.availabilityZoneCount: got 1: stage prod must be highly available: spread the search domain over 3 zones",
      ],
      [
        { search: { dedicatedMasters: undefined } },
        "data.search.dedicatedMasters: stage prod must be highly available: give the search domain dedicated master nodes",
      ],
      [{ deletionProtection: false }, "data.deletionProtection: got false: stage prod must keep deletion protection and final snapshots on"],
      [{ s3AccessLogging: false }, "data.s3AccessLogging: got false: stage prod must keep S3 server access logging on"],
    ])("rejects %j", (patch, message) => {
      const text = errorText("prod", { data: patch });
      expect(text).toContain('Invalid configuration for environment "prod"');
      expect(text).toContain(message);
    });

    it("allows the same settings outside prod", () => {
      expect(() => configOf("staging", { data: { database: { readers: 0 }, cache: { replicas: 0 }, deletionProtection: false } })).not.toThrow();
    });
  });
});

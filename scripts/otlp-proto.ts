// `npx tsx scripts/otlp-proto.ts`: regenerate lib/otlp/proto/trace-service.json, the protobufjs
// descriptor of the vendored opentelemetry-proto trace messages (lib/otlp/proto/SOURCE.md). The app
// loads that JSON (no .proto parsing at run time, nothing read from disk in a Next bundle);
// tests/otlp/proto.test.ts fails if it no longer matches the .proto files.
import { writeFileSync } from "node:fs";
import { otlpDescriptorFromProtoFiles, OTLP_DESCRIPTOR_PATH } from "../lib/otlp/proto-files.ts";

writeFileSync(OTLP_DESCRIPTOR_PATH, `${JSON.stringify(otlpDescriptorFromProtoFiles(), null, 1)}\n`);
console.log(`wrote ${OTLP_DESCRIPTOR_PATH}`);

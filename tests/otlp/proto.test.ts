import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OTLP_DESCRIPTOR_PATH, otlpDescriptorFromProtoFiles } from "@/lib/otlp/proto-files";
import { decodeExportResponse, decodeStatus, encodeExportResponse, encodeStatus } from "@/lib/otlp/proto";

describe("OTLP protobuf definitions", () => {
  it("the committed descriptor is what protobufjs makes of the vendored .proto files (run scripts/otlp-proto.ts after changing them)", () => {
    expect(JSON.parse(readFileSync(OTLP_DESCRIPTOR_PATH, "utf8"))).toEqual(JSON.parse(JSON.stringify(otlpDescriptorFromProtoFiles())));
  });

  it("partial success and google.rpc.Status round-trip through their encodings", () => {
    // ExportTraceServiceResponse { partial_success (1) { rejected_spans (1) = 2, error_message (2) = "x" } }
    const bytes = encodeExportResponse({ partialSuccess: { rejectedSpans: 2, errorMessage: "x" } });
    expect([...bytes]).toEqual([0x0a, 0x05, 0x08, 0x02, 0x12, 0x01, 0x78]);
    expect(decodeExportResponse(bytes)).toEqual({ partialSuccess: { rejectedSpans: 2, errorMessage: "x" } });
    expect(decodeStatus(encodeStatus({ code: 3, message: "bad" }))).toEqual({ code: 3, message: "bad" });
  });
});

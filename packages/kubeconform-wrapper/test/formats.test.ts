import { describe, expect, it } from "vitest";
import { API_SERVER_FORMATS } from "../src/formats.ts";

// k8s.io/kube-openapi pkg/validation/strfmt/default.go, as apiextensions uses it.
describe("string formats as the API server checks them", () => {
  it.each([
    ["ipv4", "10.0.0.1", "10.0.0.300", "010.0.0.1"],
    ["ipv6", "2001:db8::1", "2001:db8::g", "10.0.0.1"],
    ["cidr", "10.0.0.0/8", "10.0.0.0/33", "10.0.0.0"],
    ["date-time", "2024-05-01T10:00:00Z", "2024-02-30T10:00:00Z", "yesterday"],
    ["date-time", "2024-05-01T10:00:00.123+02:00", "2024-05-01 10:00:00", "2024-05-01T25:00:00Z"],
    ["date", "2024-02-29", "2023-02-29", "2024-5-1"],
    ["byte", "aGVsbG8=", "aGVsbG8", "not base64!"],
    ["uuid", "0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b_d9cb-469f-a165-70867728950e", "xyz"],
    ["hostname", "chat.example.com", "-chat", "a..b"],
    ["email", "ops@example.com", "ops", "a b@example.com"],
    ["duration", "1h30m", "1 fortnight", "h"],
    ["mac", "01:23:45:67:89:ab", "01:23:45:67:89", "0123.4567"],
  ])("%s: %s is valid; %s and %s are not", (format, good, bad1, bad2) => {
    const check = API_SERVER_FORMATS[format]!;
    expect([check(good), check(bad1), check(bad2)]).toEqual([true, false, false]);
  });

  it.each(["int32", "int64", "double", "int-or-string", "quantity", "binary"])("%s is no format the API server checks: ignored", (format) => {
    expect(API_SERVER_FORMATS[format]).toBeUndefined();
  });
});

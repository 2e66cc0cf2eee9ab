import { isIP, isIPv6 } from "node:net";

/**
 * String formats as the API server checks them: the formats apiextensions keeps in a CRD schema
 * (k8s.io/apiextensions-apiserver pkg/apiserver/validation/formats.go, supportedFormats) checked
 * with k8s.io/kube-openapi pkg/validation/strfmt/default.go. Any other format (int32, int64,
 * double, int-or-string, quantity, …) is ignored, as there. For core kinds the API server's Go
 * decoding refuses the same values: []byte fields need base64, metav1.Time RFC 3339.
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// strfmt.DateTimeFormats: RFC 3339 with or without seconds, fraction, offset (ISO8601LocalTime …).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOSTNAME = /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// strfmt's durationMatcher: numbers with units, Go's and spelled out (d, w, …).
const DURATION = /^(((?:[-+]?\d+)|(?:[-+]?\d+\.\d+))\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?))+$/;
const MAC = /^([0-9a-fA-F]{2}([:-])){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/;

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function dateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  return !!m && validDate(m[1]!, m[2]!, m[3]!) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[7] ?? 0) < 60;
}

function cidr(s: string): boolean {
  const [ip, bits, ...rest] = s.split("/");
  if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const v = isIP(ip!);
  return v !== 0 && Number(bits) <= (v === 4 ? 32 : 128);
}

export const API_SERVER_FORMATS: Record<string, (s: string) => boolean> = {
  "date-time": dateTime,
  datetime: dateTime,
  date: (s) => {
    const m = DATE.exec(s);
    return !!m && validDate(m[1]!, m[2]!, m[3]!);
  },
  ipv4: (s) => IPV4.test(s),
  ipv6: (s) => isIPv6(s) && s.includes(":"),
  cidr,
  mac: (s) => MAC.test(s),
  hostname: (s) => s.length <= 255 && HOSTNAME.test(s),
  // net/mail.ParseAddress, roughly: a local part and a domain.
  email: (s) => /^[^\s@<>()]+@[^\s@<>()]+$/.test(s),
  // url.Parse refuses control characters and bad escapes; little else.
  uri: (s) => !/[\u0000-\u001f\u007f ]/.test(s) && !/%(?![0-9a-fA-F]{2})/.test(s),
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID.test(s) && /^.{8}-?.{4}-?3/.test(s),
  uuid4: (s) => UUID.test(s) && /^.{8}-?.{4}-?4.{3}-?[89ab]/i.test(s),
  uuid5: (s) => UUID.test(s) && /^.{8}-?.{4}-?5.{3}-?[89ab]/i.test(s),
  byte: (s) => BASE64.test(s),
  duration: (s) => DURATION.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/.test(s),
  password: () => true,
};

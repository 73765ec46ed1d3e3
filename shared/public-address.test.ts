import { describe, expect, it } from "vitest";
import { webhookProblem } from "./alerts";
import { blockedAddressReason, blockedHostReason } from "./public-address";

describe("webhook targets", () => {
  it.each([
    ["http://hooks.example.com/x", "webhooks must use https"],
    ["ftp://hooks.example.com/x", "webhooks must use https"],
    ["https://user:pass@hooks.example.com/x", "credentials in the URL are not accepted"],
    ["https://hooks.example.com:8443/x", "webhooks must use the default https port"],
    ["https://127.0.0.1/x", "the host is a loopback address"],
    // Other spellings of 127.0.0.1, which the URL parser normalises first.
    ["https://2130706433/x", "the host is a loopback address"],
    ["https://0x7f.0.0.1/x", "the host is a loopback address"],
    ["https://0177.0.0.1/x", "the host is a loopback address"],
    ["https://127.1/x", "the host is a loopback address"],
    ["https://localhost/x", "the host is a loopback address"],
    ["https://api.localhost/x", "the host is a loopback address"],
    ["https://[::1]/x", "the host is a loopback address"],
    ["https://[::ffff:127.0.0.1]/x", "the host is a loopback address"],
    ["https://[::ffff:10.0.0.5]/x", "the host is a private address"],
    ["https://10.1.2.3/x", "the host is a private address"],
    ["https://172.16.0.1/x", "the host is a private address"],
    ["https://172.31.255.255/x", "the host is a private address"],
    ["https://192.168.1.1/x", "the host is a private address"],
    ["https://169.254.169.254/latest/meta-data/", "the host is a link-local address (cloud metadata lives here)"],
    ["https://100.100.100.200/x", "the host is a shared (carrier-grade NAT) address"],
    ["https://0.0.0.0/x", "the host is a 'this network' address"],
    ["https://[fd00:ec2::254]/x", "the host is a unique local (private) address"],
    ["https://[fe80::1]/x", "the host is a link-local address"],
    ["https://[64:ff9b::a9fe:a9fe]/x", "the host is a link-local address (cloud metadata lives here)"],
    ["https://metadata.google.internal/computeMetadata/v1/", "the host is a name for inside a network"],
    ["https://printer.local/x", "the host is a name for inside a network"],
    ["https://intranet/x", "the host is a name without a domain (it only means something inside a network)"],
    ["https://224.0.0.1/x", "the host is a multicast address"],
    ["not a url", "not a URL"],
  ])("refuses %s", (target, problem) => {
    expect(webhookProblem(target)).toBe(problem);
  });

  it.each([
    "https://hooks.example.com/cloudgpus",
    "https://8.8.8.8/hook",
    "https://[2606:4700:4700::1111]/hook",
    "https://172.32.0.1/x", // just past 172.16.0.0/12
    "https://100.128.0.1/x", // just past 100.64.0.0/10
  ])("accepts %s", (target) => {
    expect(webhookProblem(target)).toBeNull();
  });

  it("accepts loopback over http only when development allows it", () => {
    expect(webhookProblem("http://127.0.0.1:8787/hook", { allowLoopback: true })).toBeNull();
    expect(webhookProblem("http://localhost:9000/hook", { allowLoopback: true })).toBeNull();
    expect(webhookProblem("http://127.0.0.1:8787/hook")).toBe("webhooks must use https");
    // The development allowance is for this machine only.
    expect(webhookProblem("http://10.0.0.1/hook", { allowLoopback: true })).toBe("webhooks must use https");
  });
});

describe("addresses a name resolves to", () => {
  it.each([
    ["93.184.216.34", null],
    ["10.0.0.1", "a private address"],
    ["::ffff:192.168.0.1", "a private address"],
    ["2001:db8::1", "a documentation address"],
    ["2a00:1450:4001:80b::200e", null],
    ["nonsense", "not an IP address"],
  ])("%s", (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  it("judges a name by its form only", () => {
    expect(blockedHostReason("hooks.example.com")).toBeNull();
    expect(blockedHostReason("HOOKS.EXAMPLE.COM.")).toBeNull();
    expect(blockedHostReason("router.home.arpa")).toBe("a name for inside a network");
  });
});

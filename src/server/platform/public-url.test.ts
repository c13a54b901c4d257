import { describe, expect, it } from "vitest";
import { isLocalHost, verificationBase } from "./public-url.js";

describe("the address QR codes lead to", () => {
  it("takes a loopback, private or bare name for one only this computer or its network opens", () => {
    for (const host of [
      "localhost:4012",
      "127.0.0.1:4012",
      "127.5.6.7",
      "[::1]:4012",
      "[::ffff:127.0.0.1]",
      "10.1.2.3",
      "192.168.0.10:8080",
      "172.16.0.1",
      "172.31.255.254",
      "169.254.1.1",
      "[fd12:3456::1]",
      "aimak-laptop:4012",
      "aimak.local",
      "app.localhost",
    ])
      expect(isLocalHost(host), host).toBe(true);
  });

  it("takes a public address or domain for one anyone's phone opens", () => {
    for (const host of [
      "aimak.example.kg",
      "aimak.example.kg:8443",
      "172.32.0.1",
      "172.15.255.1",
      "8.8.8.8",
      "[2001:db8::1]",
    ])
      expect(isLocalHost(host), host).toBe(false);
  });

  it("leads to the configured public address whatever host the clerk used, and to the clerk's host otherwise", () => {
    expect(
      verificationBase("https://aimak.example.kg", { protocol: "http", host: "localhost:4012" }),
    ).toEqual({
      url: "https://aimak.example.kg",
      localOnly: false,
    });
    expect(verificationBase(null, { protocol: "http", host: "127.0.0.1:4012" })).toEqual({
      url: "http://127.0.0.1:4012",
      localOnly: true,
    });
    expect(verificationBase(null, { protocol: "https", host: "aimak.example.kg" })).toEqual({
      url: "https://aimak.example.kg",
      localOnly: false,
    });
  });
});

import { BlockList, isIP } from "node:net";

/**
 * Addresses no citizen's or bank's phone can open: loopback, private (RFC 1918), link-local and
 * unique-local ones. A paper printed on a municipality's laptop opened as http://localhost would
 * carry a QR code that leads nowhere outside that laptop.
 */
const LOCAL_NETWORKS = new BlockList();
LOCAL_NETWORKS.addSubnet("127.0.0.0", 8, "ipv4");
LOCAL_NETWORKS.addSubnet("10.0.0.0", 8, "ipv4");
LOCAL_NETWORKS.addSubnet("172.16.0.0", 12, "ipv4");
LOCAL_NETWORKS.addSubnet("192.168.0.0", 16, "ipv4");
LOCAL_NETWORKS.addSubnet("169.254.0.0", 16, "ipv4");
LOCAL_NETWORKS.addAddress("0.0.0.0", "ipv4");
LOCAL_NETWORKS.addAddress("::1", "ipv6");
LOCAL_NETWORKS.addAddress("::", "ipv6");
LOCAL_NETWORKS.addSubnet("fc00::", 7, "ipv6");
LOCAL_NETWORKS.addSubnet("fe80::", 10, "ipv6");

/**
 * Whether a request's Host (with or without its port) names this computer or its local network:
 * a loopback or private address, "localhost", a ".local" name, or a bare name with no domain
 * ("aimak-laptop"), which only the office's network resolves.
 */
export function isLocalHost(host: string): boolean {
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return true;
  }
  const address = name.replace(/^\[|\]$/g, "");
  const family = isIP(address);
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged by the IPv4 rules (BlockList).
  if (family !== 0) return LOCAL_NETWORKS.check(address, family === 4 ? "ipv4" : "ipv6");
  const bare = name.replace(/\.$/, "");
  return !bare.includes(".") || /\.(localhost|local)$/.test(bare);
}

/**
 * Where the QR codes on papers lead: the configured public address (AIMAK_PUBLIC_URL), or else the
 * one the clerk's browser used, which is `localOnly` when it is of this computer or its network.
 */
export function verificationBase(
  publicUrl: string | null,
  request: { protocol: string; host: string },
): { url: string; localOnly: boolean } {
  if (publicUrl) return { url: publicUrl, localOnly: false };
  return { url: `${request.protocol}://${request.host}`, localOnly: isLocalHost(request.host) };
}

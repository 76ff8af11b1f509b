/** Which IP addresses a download must not reach unless private URLs are allowed: the hub's one rule (shared/net). */
export { embeddedIpv4, isPrivateAddress } from '@smh/shared/net/addresses';

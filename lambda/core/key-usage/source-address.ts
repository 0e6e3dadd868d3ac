/**
 * A source address as CloudTrail records it, aggregated so a fingerprint names places rather than
 * hosts: IPv4 to its /24, IPv6 to its /48, and an AWS service calling on the caller's behalf
 * (`ecs-tasks.amazonaws.com`, `AWS Internal`) to "AWS service".
 */
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function aggregateSourceAddress(address: string): string {
  const a = address.trim();
  const v4 = IPV4.exec(a);
  if (v4 && v4.slice(1).every((o) => Number(o) <= 255)) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (/^[0-9a-f:]+$/i.test(a) && a.includes(':')) return `${ipv6Prefix48(a)}::/48`;
  if (/\.amazonaws\.com$/i.test(a)) return `AWS service (${a.toLowerCase()})`;
  if (/^AWS Internal$/i.test(a)) return 'AWS service';
  return a === '' ? 'unknown' : a.toLowerCase();
}

function ipv6Prefix48(a: string): string {
  const [head = '', tail = ''] = a.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = a.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return groups
    .slice(0, 3)
    .map((g) => (g === '' ? '0' : g.replace(/^0+(?=.)/, '').toLowerCase()))
    .join(':');
}

/** Whether an aggregated address stands for an AWS service calling on the key's behalf. */
export function isAwsService(aggregated: string): boolean {
  return aggregated.startsWith('AWS service');
}

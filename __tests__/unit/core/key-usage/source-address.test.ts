import { aggregateSourceAddress } from '../../../../lambda/core/key-usage/source-address';

describe('aggregateSourceAddress', () => {
  it.each([
    ['203.0.113.17', '203.0.113.0/24'],
    ['203.0.113.250', '203.0.113.0/24'],
    ['198.51.100.4', '198.51.100.0/24'],
    ['2001:db8:85a3:1:2:3:4:5', '2001:db8:85a3::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['ecs-tasks.amazonaws.com', 'AWS service (ecs-tasks.amazonaws.com)'],
    ['AWS Internal', 'AWS service'],
    ['999.1.1.1', '999.1.1.1'],
    ['', 'unknown'],
  ])('%s -> %s', (address, expected) => {
    expect(aggregateSourceAddress(address)).toBe(expected);
  });
});

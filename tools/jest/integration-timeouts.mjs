/* global jest */
// Integration tests wait on a real broker (group joins, rebalances): give them room, not a race.
jest.setTimeout(60_000);

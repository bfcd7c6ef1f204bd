export { LivePosition, LiveRoomEntry, PresenceAggregator, PresenceTotals } from './presence-aggregator';
export {
  PRESENCE_REPORT_INTERVAL_MS_DEFAULT,
  PRESENCE_TTL_MS_DEFAULT,
  PresenceReporter,
  PresenceReporting,
  startPresenceReporting,
} from './presence-reporter';
export { RoomPresence } from './room-presence';

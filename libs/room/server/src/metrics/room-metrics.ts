import { Counter, Gauge, type Registry } from 'prom-client';

/** The room service's own series, beside the RED metrics every handler gets. */
export class RoomMetrics {
  readonly transitions: Counter<'from' | 'to'>;
  readonly publishAuthorizations: Counter<'outcome'>;
  readonly moderationActions: Counter<'action'>;
  readonly sensitiveWordChanges: Counter<'list'>;
  readonly streamEvents: Counter<'event' | 'outcome'>;
  readonly liveRooms: Gauge;
  readonly onlineConnections: Gauge;
  readonly presenceNodes: Gauge;
  readonly presenceUnavailable: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.transitions = new Counter({ name: 'ovation_room_transitions_total', help: 'Room status changes', labelNames: ['from', 'to'], registers });
    this.publishAuthorizations = new Counter({
      name: 'ovation_room_publish_authorizations_total',
      help: 'AuthorizePublish answers by outcome (allowed, unknown_key, room_ended, already_live)',
      labelNames: ['outcome'],
      registers,
    });
    this.presenceUnavailable = new Counter({
      name: 'ovation_room_presence_unavailable_total',
      help: 'Room reads and edits served without online counts because Redis could not answer',
      registers,
    });
    this.moderationActions = new Counter({ name: 'ovation_room_moderation_actions_total', help: 'Mutes, bans and admin changes', labelNames: ['action'], registers });
    this.sensitiveWordChanges = new Counter({
      name: 'ovation_room_sensitive_word_changes_total',
      help: 'Changes of a sensitive-word list, by list (platform or room)',
      labelNames: ['list'],
      registers,
    });
    this.streamEvents = new Counter({
      name: 'ovation_room_stream_events_total',
      help: 'Stream lifecycle events consumed, by event and what they did (applied or why ignored)',
      labelNames: ['event', 'outcome'],
      registers,
    });
    this.liveRooms = new Gauge({ name: 'ovation_room_live_rooms', help: 'Rooms live right now', registers });
    this.onlineConnections = new Gauge({ name: 'ovation_room_online_connections', help: 'Viewer sockets across every push node, summed over live rooms', registers });
    this.presenceNodes = new Gauge({ name: 'ovation_room_presence_nodes', help: 'Push nodes whose presence report is current', registers });
  }
}

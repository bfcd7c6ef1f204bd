import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric of a push node's danmaku paths, registered once on the service's registry. */
export class PushMetrics {
  readonly staleRoomAnswers: Counter<'answer'>;
  readonly connections: Gauge;
  readonly framesIn: Counter<'type'>;
  readonly framesOut: Counter<'kind'>;
  readonly eventsOut: Counter;
  readonly batchSize: Histogram;
  readonly batchWindow: Histogram;
  readonly sweepDuration: Histogram;
  readonly readLag: Histogram;
  readonly deliveryLatency: Histogram;
  readonly dropped: Counter<'reason'>;
  readonly slowConsumerDisconnects: Counter;
  readonly bannedDisconnects: Counter;
  readonly chatAnswers: Histogram<'outcome'>;
  readonly historyFailures: Counter<'operation'>;
  readonly repeatedGiftEffects: Counter;
  readonly replayBytes: Counter;
  readonly refusals: Counter<'type' | 'reason'>;
  readonly rateLimitedDisconnects: Counter<'type'>;
  readonly likesCapped: Counter;
  readonly sensitiveWordReloads: Counter<'list' | 'outcome'>;
  readonly sensitiveWordListVersion: Gauge<'list'>;
  readonly sensitiveWordListSize: Gauge<'list'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.connections = new Gauge({ name: 'ovation_push_connections', help: 'Open viewer WebSockets on this node', registers });
    this.framesIn = new Counter({ name: 'ovation_push_frames_in_total', help: 'Frames received from clients, by type', labelNames: ['type'], registers });
    this.framesOut = new Counter({
      name: 'ovation_push_frames_out_total',
      help: 'Frames written to sockets: live event batches, replay (join tail, resume) and control frames',
      labelNames: ['kind'],
      registers,
    });
    this.eventsOut = new Counter({ name: 'ovation_push_events_out_total', help: 'Events written to sockets (one event to N sockets counts N)', registers });
    this.batchSize = new Histogram({
      name: 'ovation_push_batch_size_events',
      help: 'Events per live batch of one room',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    });
    this.batchWindow = new Histogram({
      name: 'ovation_push_batch_window_seconds',
      help: 'Pace of each sweep of a room (the least time from one sweep to the next): the shortest window for small rooms, longer for rooms with many sockets on this node',
      buckets: [0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5, 1],
      registers,
    });
    this.sweepDuration = new Histogram({
      name: 'ovation_push_sweep_seconds',
      help: "Time one sweep took to visit every socket of a room; past the room's pace the node is short of CPU and its sweeps run back to back",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2],
      registers,
    });
    this.readLag = new Histogram({
      name: 'ovation_push_read_lag_seconds',
      help: 'From an event happening at its source (at_ms) to this node reading it from the room event stream',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5],
      registers,
    });
    this.deliveryLatency = new Histogram({
      name: 'ovation_push_delivery_latency_seconds',
      help: 'From an event happening at its source (at_ms) to its batch having been written to every socket of its room',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5],
      registers,
    });
    this.dropped = new Counter({
      name: 'ovation_push_dropped_chat_total',
      help: 'Chat messages left out of fan-out: sampled (room over its budget, counted once per room) or slow_consumer (counted per socket)',
      labelNames: ['reason'],
      registers,
    });
    this.slowConsumerDisconnects = new Counter({
      name: 'ovation_push_slow_consumer_disconnects_total',
      help: 'Sockets closed because their unsent backlog passed the hard bound',
      registers,
    });
    this.bannedDisconnects = new Counter({
      name: 'ovation_push_banned_disconnects_total',
      help: 'Sockets closed because room banned their user while they watched',
      registers,
    });
    this.chatAnswers = new Histogram({
      name: 'ovation_push_chat_answer_seconds',
      help: 'Chat messages sent to this node (socket or gRPC), by outcome (accepted, or the nack reason): time from receipt to the answer (ack only after Kafka accepted)',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5],
      registers,
    });
    this.repeatedGiftEffects = new Counter({
      name: 'ovation_push_repeated_gift_effects_total',
      help: 'Gift effects that reached the room stream again (at-least-once publishing) and were not shown twice',
      registers,
    });
    this.replayBytes = new Counter({
      name: 'ovation_push_replay_bytes_total',
      help: 'Bytes of replay (join tails and resumes) written to sockets',
      registers,
    });
    this.refusals = new Counter({
      name: 'ovation_push_refusals_total',
      help: 'What this node refused: client frames past their socket budget (type chat|like|ping|resume; reason rate_limited, or replay_budget for a resume), frames with bad content (type frame; reason bad_content) and connections (type connection; reason max_connections|handshake_rate|draining)',
      labelNames: ['type', 'reason'],
      registers,
    });
    this.rateLimitedDisconnects = new Counter({
      name: 'ovation_push_rate_limited_disconnects_total',
      help: 'Sockets closed (4029) because they kept sending frames past their budget, by the type of the frame refused once too often',
      labelNames: ['type'],
      registers,
    });
    this.likesCapped = new Counter({
      name: 'ovation_push_likes_capped_total',
      help: "Like taps not published because their user's cap in the room was spent",
      registers,
    });
    this.sensitiveWordReloads = new Counter({
      name: 'ovation_push_sensitive_word_reloads_total',
      help: "Sensitive-word lists asked of room, by list (platform or room) and outcome (changed: a new version compiled; unchanged: only the version came back; failed)",
      labelNames: ['list', 'outcome'],
      registers,
    });
    this.sensitiveWordListVersion = new Gauge({
      name: 'ovation_push_sensitive_word_list_version',
      help: 'Version of the sensitive-word list this node filters with (list="platform")',
      labelNames: ['list'],
      registers,
    });
    this.sensitiveWordListSize = new Gauge({
      name: 'ovation_push_sensitive_word_list_words',
      help: "Words of the sensitive-word list this node filters with (list=\"platform\": room's platform list plus this node's SENSITIVE_WORDS)",
      labelNames: ['list'],
      registers,
    });
    this.staleRoomAnswers = new Counter({
      name: 'ovation_push_stale_room_answers_total',
      help: "Chat checks answered with an expired room status, speaker standing or sensitive-word list because room could not answer (ROOM_STALE_IF_ERROR_MS), by answer",
      labelNames: ['answer'],
      registers,
    });
    this.historyFailures = new Counter({
      name: 'ovation_push_history_failures_total',
      help: 'Failed reads and writes of the room history in Redis',
      labelNames: ['operation'],
      registers,
    });
  }
}

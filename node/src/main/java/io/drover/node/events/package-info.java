/**
 * supervisord's event system. {@link io.drover.node.events.EventType} is the type hierarchy,
 * {@link io.drover.node.events.Event} an event with its payload exactly as supervisord renders it, and
 * {@link io.drover.node.events.Envelope} the header a listener reads. {@link io.drover.node.events.EventBus} (one
 * actor) routes published events to subscribers by type and owns the global serial;
 * {@link io.drover.node.events.EventListenerPool} runs an {@code [eventlistener:x]} pool (buffer, pool serial, the
 * READY / RESULT protocol parsed by {@code ListenerProtocol}); {@link io.drover.node.events.Ticker} raises TICK_*;
 * {@link io.drover.node.events.WebhookSender} posts events to a {@code [webhook:x]} URL. The NodeSupervisor drives
 * it all through {@link io.drover.node.events.NodeEvents}, each ProcessActor through
 * {@link io.drover.node.events.ProcessEvents}.
 */
package io.drover.node.events;

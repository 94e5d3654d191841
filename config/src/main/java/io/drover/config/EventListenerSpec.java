package io.drover.config;

import java.util.List;

/**
 * The pool settings of an {@code [eventlistener:x]} section.
 *
 * @param events        the event type names subscribed to (validated against supervisord's names)
 * @param bufferSize    {@code buffer_size} (10): events queued while no listener is ready
 * @param resultHandler {@code result_handler} (supervisor.dispatchers:default_handler)
 */
public record EventListenerSpec(List<String> events, int bufferSize, String resultHandler) {
    public EventListenerSpec {
        events = List.copyOf(events);
    }
}

package io.drover.config;

import java.util.List;
import java.util.Optional;

/**
 * A process group: what supervisord's reread compares and its update adds, changes or removes as a whole.
 *
 * @param name      the group name
 * @param kind      the section type that defined it
 * @param priority  group priority (start ascending, stop descending)
 * @param processes its processes in supervisord's order: each section's sorted by priority then name (as strings,
 *                  so {@code p_10} before {@code p_9}); a {@code [group:x]} concatenates its programs' lists in the
 *                  order {@code programs=} names them
 * @param fcgiSocket the socket of an fcgi-program group
 * @param listener   the pool settings of an eventlistener group
 */
public record GroupSpec(
        String name,
        GroupKind kind,
        int priority,
        List<ProcessSpec> processes,
        Optional<FcgiSocketSpec> fcgiSocket,
        Optional<EventListenerSpec> listener) {

    public GroupSpec {
        processes = List.copyOf(processes);
    }
}

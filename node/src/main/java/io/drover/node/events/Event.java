package io.drover.node.events;

import io.drover.node.logs.PythonRepr;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One event as supervisord raises it: its type, the {@code name:value} tokens of its payload's first line (rendered
 * eagerly, as supervisord does, so a later pid change does not alter it), and an optional body after a newline.
 * {@link #payload()} is byte-for-byte what supervisord sends a listener after the header.
 *
 * @param type   a concrete type
 * @param fields the first line's tokens, in order
 * @param data   the body after the first line, for log, communication, remote and group events
 */
public record Event(EventType type, List<Field> fields, Optional<String> data) {

    /** One {@code name:value} token. */
    public record Field(String name, String value) {
    }

    public Event {
        if (type.isAbstract() || type == EventType.EVENT_REJECTED) {
            throw new IllegalArgumentException(type + " is abstract and cannot be raised");
        }
        fields = List.copyOf(fields);
    }

    /** supervisord's payload text: {@code name:value name:value} and, when there is a body, {@code \n<body>}. */
    public String payload() {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(fields.get(i).name()).append(':').append(fields.get(i).value());
        }
        data.ifPresent(d -> sb.append('\n').append(d));
        return sb.toString();
    }

    /** A field's value, if the event has that field. */
    public Optional<String> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(Field::value).findFirst();
    }

    /**
     * A PROCESS_STATE_* event, with the extra tokens supervisord renders for the new state: STARTING and BACKOFF
     * carry {@code tries}, EXITED {@code expected} and {@code pid}, RUNNING / STOPPING / STOPPED {@code pid}, FATAL
     * and UNKNOWN nothing.
     *
     * @param toState   the state entered (STOPPED, STARTING, ...)
     * @param fromState the state left
     * @param tries     the backoff count at the change
     * @param expected  for EXITED: whether the exit code was expected
     * @param pid       the pid at the change (0 when there is none)
     */
    public static Event processState(String toState, String process, String group, String fromState, int tries,
                                     boolean expected, int pid) {
        EventType type = EventType.forProcessState(toState);
        List<Field> f = new ArrayList<>(5);
        f.add(new Field("processname", process));
        f.add(new Field("groupname", group));
        f.add(new Field("from_state", fromState));
        switch (type) {
            case PROCESS_STATE_STARTING, PROCESS_STATE_BACKOFF -> f.add(new Field("tries", Integer.toString(tries)));
            case PROCESS_STATE_EXITED -> {
                f.add(new Field("expected", expected ? "1" : "0"));
                f.add(new Field("pid", Integer.toString(pid)));
            }
            case PROCESS_STATE_RUNNING, PROCESS_STATE_STOPPING, PROCESS_STATE_STOPPED ->
                    f.add(new Field("pid", Integer.toString(pid)));
            default -> {
                // FATAL and UNKNOWN carry nothing extra
            }
        }
        return new Event(type, f, Optional.empty());
    }

    /** PROCESS_LOG_STDOUT / _STDERR: {@code processname:a groupname:a pid:N channel:stdout\n<data>}. */
    public static Event processLog(boolean stderr, String process, String group, int pid, byte[] output) {
        return new Event(stderr ? EventType.PROCESS_LOG_STDERR : EventType.PROCESS_LOG_STDOUT,
                List.of(new Field("processname", process), new Field("groupname", group),
                        new Field("pid", Integer.toString(pid)), new Field("channel", stderr ? "stderr" : "stdout")),
                Optional.of(decode(output)));
    }

    /** PROCESS_COMMUNICATION_STDOUT / _STDERR: {@code processname:a groupname:a pid:N\n<data>}. */
    public static Event processCommunication(boolean stderr, String process, String group, int pid, byte[] body) {
        return new Event(stderr ? EventType.PROCESS_COMMUNICATION_STDERR : EventType.PROCESS_COMMUNICATION_STDOUT,
                List.of(new Field("processname", process), new Field("groupname", group),
                        new Field("pid", Integer.toString(pid))),
                Optional.of(decode(body)));
    }

    /** REMOTE_COMMUNICATION (from the {@code sendRemoteCommEvent} RPC): {@code type:x\n<data>}. */
    public static Event remoteCommunication(String type, String body) {
        return new Event(EventType.REMOTE_COMMUNICATION, List.of(new Field("type", type)), Optional.of(body));
    }

    /** SUPERVISOR_STATE_CHANGE_RUNNING: empty payload. */
    public static Event supervisorRunning() {
        return new Event(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, List.of(), Optional.empty());
    }

    /** SUPERVISOR_STATE_CHANGE_STOPPING: empty payload. */
    public static Event supervisorStopping() {
        return new Event(EventType.SUPERVISOR_STATE_CHANGE_STOPPING, List.of(), Optional.empty());
    }

    /** TICK_5 / 60 / 3600: {@code when:<epoch seconds rounded down to the period>}. */
    public static Event tick(EventType tickType, long when) {
        tickType.tickPeriodSeconds();
        return new Event(tickType, List.of(new Field("when", Long.toString(when))), Optional.empty());
    }

    /** PROCESS_GROUP_ADDED: {@code groupname:x\n} (supervisord ends it with a newline). */
    public static Event groupAdded(String group) {
        return new Event(EventType.PROCESS_GROUP_ADDED, List.of(new Field("groupname", group)), Optional.of(""));
    }

    /** PROCESS_GROUP_REMOVED: {@code groupname:x\n}. */
    public static Event groupRemoved(String group) {
        return new Event(EventType.PROCESS_GROUP_REMOVED, List.of(new Field("groupname", group)), Optional.of(""));
    }

    /** Output as text; bytes that are not UTF-8 become {@code Undecodable: b'...'} as supervisord writes them. */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "Undecodable: " + PythonRepr.bytes(bytes);
        }
    }
}

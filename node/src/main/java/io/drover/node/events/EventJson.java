package io.drover.node.events;

/** An event as the JSON object a webhook receives: eventname, serial, server, every payload field, and data. */
final class EventJson {

    private EventJson() {
    }

    static String render(String serverIdentifier, EventBus.Notification n) {
        Event e = n.event();
        StringBuilder sb = new StringBuilder(128).append('{');
        member(sb, "eventname", e.type().name()).append(',');
        sb.append("\"serial\":").append(n.serial()).append(',');
        member(sb, "server", serverIdentifier);
        for (Event.Field f : e.fields()) {
            member(sb.append(','), f.name(), f.value());
        }
        e.data().ifPresent(d -> member(sb.append(','), "data", d));
        return sb.append('}').toString();
    }

    private static StringBuilder member(StringBuilder sb, String name, String value) {
        return string(string(sb, name).append(':'), value);
    }

    static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}

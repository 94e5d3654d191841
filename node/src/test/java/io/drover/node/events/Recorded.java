package io.drover.node.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One event as recorder.py wrote it down (test resource listeners/recorder.py). */
public record Recorded(double receivedAt, int pid, String header, String payload) {

    public Map<String, String> headers() {
        Map<String, String> m = new HashMap<>();
        for (String kv : header.split(" ")) {
            int i = kv.indexOf(':');
            m.put(kv.substring(0, i), kv.substring(i + 1));
        }
        return m;
    }

    public long serial() {
        return Long.parseLong(headers().get("serial"));
    }

    public long poolSerial() {
        return Long.parseLong(headers().get("poolserial"));
    }

    public String eventName() {
        return headers().get("eventname");
    }

    public static List<Recorded> read(Path file) {
        List<Recorded> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] p = line.split("\t", 4);
                if (p.length < 4) {
                    continue; // a line being written
                }
                out.add(new Recorded(Double.parseDouble(p[0]), Integer.parseInt(p[1]), p[2], unescape(p[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(++i);
                sb.append(d == 'n' ? '\n' : d);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

package io.drover.http.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one UI request, merged as supervisord merges them: the query string (the first of duplicate
 * names wins), then an {@code application/x-www-form-urlencoded} POST body (its values override).
 */
record WebForm(Map<String, String> values) {

    WebForm {
        values = Map.copyOf(values);
    }

    static WebForm of(String rawQuery, String body) {
        Map<String, String> m = new HashMap<>();
        for (var e : UrlCodec.parsePairs(rawQuery)) {
            m.putIfAbsent(e.getKey(), e.getValue());
        }
        for (var e : UrlCodec.parsePairs(body)) {
            m.put(e.getKey(), e.getValue());
        }
        return new WebForm(m);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }
}

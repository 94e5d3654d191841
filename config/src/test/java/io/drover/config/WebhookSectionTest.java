package io.drover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code [webhook:x]}: the model it becomes, each refusal at its key's line, and the secret kept out of messages. */
class WebhookSectionTest {
    @TempDir
    Path dir;

    @Test
    void aFullSectionBecomesTheRecordAndDefaultsApply() {
        SupervisorConfig c = ConfigFixture.load(dir, """
                [webhook:ops]
                url = https://hooks.example.com/drover?token=abc
                events = PROCESS_STATE_FATAL, PROCESS_STATE ,TICK_60
                headers = Authorization: "Bearer a, b", X-Env: prod ,X-Empty:
                secret = %(ENV_HOOK_SECRET)s
                retries = 2
                retry_delay = 3
                retry_max_delay = 30
                queue_size = 7
                timeout = 4

                [webhook:min]
                url=http://127.0.0.1:9/x
                events=EVENT
                """, Map.of("HOOK_SECRET", "s3cret"));
        assertEquals(2, c.webhooks().size());
        WebhookSpec ops = c.webhooks().get(0);
        assertEquals(new WebhookSpec("ops", URI.create("https://hooks.example.com/drover?token=abc"),
                List.of("PROCESS_STATE_FATAL", "PROCESS_STATE", "TICK_60"),
                Map.of("Authorization", "Bearer a, b", "X-Env", "prod", "X-Empty", ""), Optional.of("s3cret"), 2,
                Duration.ofSeconds(3), Duration.ofSeconds(30), 7, Duration.ofSeconds(4)), ops);
        assertEquals(List.of("Authorization", "X-Env", "X-Empty"), List.copyOf(ops.headers().keySet()));
        assertEquals("https://hooks.example.com/drover", ops.safeUrl());
        assertFalse(ops.toString().contains("s3cret"), ops.toString());
        assertFalse(ops.toString().contains("Bearer"), ops.toString());
        assertFalse(ops.toString().contains("token=abc"), ops.toString());
        WebhookSpec min = c.webhooks().get(1);
        assertEquals(Optional.empty(), min.secret());
        assertEquals(Map.of(), min.headers());
        assertEquals(5, min.retries());
        assertEquals(Duration.ofSeconds(1), min.retryDelay());
        assertEquals(Duration.ofSeconds(60), min.retryMaxDelay());
        assertEquals(100, min.queueSize());
        assertEquals(Duration.ofSeconds(10), min.timeout());
        assertTrue(c.groups().isEmpty(), "a webhook is no process group");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            url             | ftp://h/x         | url must be an http:// or https:// URL with a host, not 'ftp://h/x'
            url             | http://           | url must be an http:// or https:// URL with a host, not 'http://'
            url             | http://h/a b      | url must be an http:// or https:// URL with a host, not 'http://h/a b'
            events          | TICKS             | Unknown event type TICKS in [webhook:w] events
            events          | TICK,,EVENT       | Unknown event type  in [webhook:w] events
            headers         | X-A b             | expected 'Name: value' at 'X-A b'
            headers         | X A: b            | invalid header name 'X A'
            headers         | X-A: "open        | no closing quote in the value of header 'X-A'
            headers         | X-A: "a" b        | expected ',' after the quoted value of header 'X-A'
            headers         | X-A: 1, x-a: 2    | header 'x-a' given twice
            headers         | Host: evil        | header 'Host' is set by the HTTP client and cannot be given
            retries         | -1                | retries must be at least 0, not -1
            retries         | many              | invalid literal for int() with base 10: 'many'
            retry_delay     | 1.5               | invalid literal for int() with base 10: '1.5'
            retry_delay     | 7200              | retry_delay must be at most 3600 seconds
            retry_max_delay | 0                 | retry_max_delay (0) is less than retry_delay (1)
            queue_size      | 0                 | queue_size must be at least 1, not 0
            timeout         | 0                 | timeout must be at least 1, not 0
            """)
    void aBadValueNamesItsKeyAndLine(String key, String value, String reason) {
        String body = "[webhook:w]\nurl=http://127.0.0.1:9/x\nevents=TICK\n" + key + "=" + value + "\n";
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigFixture.load(dir, body));
        assertEquals(reason, e.reason());
        assertEquals(Optional.of("webhook:w"), e.section());
        assertEquals(Optional.of(key), e.key());
        assertEquals(Optional.of(dir.resolve("supervisord.conf")), e.file());
        assertEquals(ConfigFixture.HEADER_LINES + 4, e.line(), e.getMessage());
    }

    @Test
    void urlAndEventsAreRequired() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> ConfigFixture.load(dir, "[webhook:w]\nevents=TICK\n"));
        assertEquals("section [webhook:w] has no url", e.reason());
        assertEquals(ConfigFixture.HEADER_LINES + 1, e.line());
        e = assertThrows(ConfigError.class, () -> ConfigFixture.load(dir, "[webhook:w]\nurl=http://h/\n"));
        assertEquals("[webhook:w] section requires an \"events\" line", e.reason());
        assertEquals(Optional.of("webhook:w"), e.section());
    }

    @Test
    void aBadNameIsRefusedAtTheHeader() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> ConfigFixture.load(dir, "\n[webhook:a/b]\nurl=http://h/\nevents=TICK\n"));
        assertEquals("Invalid name: 'a/b' because of character: '/'", e.reason());
        assertEquals(ConfigFixture.HEADER_LINES + 2, e.line());
    }

    @Test
    void aSecretThatDoesNotExpandIsNotEchoed() {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigFixture.load(dir,
                "[webhook:w]\nurl=http://h/\nevents=TICK\nsecret=hunter2%(ENV_NOPE)s\n"));
        assertEquals(Optional.of("secret"), e.key());
        assertEquals(ConfigFixture.HEADER_LINES + 4, e.line());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> ConfigFixture.load(dir,
                "[webhook:w]\nurl=http://h/\nevents=TICK\nheaders=Authorization: tok3n 50%\n"));
        assertEquals(Optional.of("headers"), e.key());
        assertFalse(e.getMessage().contains("tok3n"), e.getMessage());
    }

    @Test
    void theDiffListsWebhooksApartFromGroups() {
        String a = "[webhook:keep]\nurl=http://h/\nevents=TICK\n[webhook:edit]\nurl=http://h/\nevents=TICK\n"
                + "[webhook:gone]\nurl=http://h/\nevents=TICK\n";
        String b = "[webhook:keep]\nurl=http://h/\nevents=TICK\n[webhook:edit]\nurl=http://h/\nevents=TICK\n"
                + "secret=x\n[webhook:new]\nurl=http://h/\nevents=TICK\n";
        SupervisorConfig before = ConfigFixture.load(dir.resolve(""), a);
        SupervisorConfig after = ConfigFixture.load(dir, b);
        ConfigDiff d = ConfigDiff.between(before, after);
        assertEquals(List.of(), d.added());
        assertEquals(List.of(), d.changed());
        assertEquals(List.of(), d.removed());
        assertEquals(List.of("new"), d.webhooksAdded());
        assertEquals(List.of("edit"), d.webhooksChanged());
        assertEquals(List.of("gone"), d.webhooksRemoved());
        assertFalse(d.isEmpty());
        assertTrue(ConfigDiff.between(after, after).isEmpty());
    }
}

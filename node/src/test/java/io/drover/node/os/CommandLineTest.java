package io.drover.node.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are what Python 3.11's shlex.split returns for the same strings. */
class CommandLineTest {

    @Test
    void matchesShlex() {
        assertEquals(List.of("a\\$b"), CommandLine.split("\"a\\$b\""));
        assertEquals(List.of("a\"b"), CommandLine.split("\"a\\\"b\""));
        assertEquals(List.of("a\\b"), CommandLine.split("\"a\\\\b\""));
        assertEquals(List.of("a\\`b"), CommandLine.split("\"a\\`b\""));
        assertEquals(List.of("a\fb"), CommandLine.split("a\fb"));
        assertEquals(List.of("a\u000bb", "c"), CommandLine.split("a\u000bb c"));
        assertEquals(List.of("a", "", "b"), CommandLine.split("a \"\" b"));
        assertEquals(List.of("x\ny"), CommandLine.split("x\\\ny"));
        assertEquals(List.of("a\\\nb"), CommandLine.split("\"a\\\nb\""));
        assertEquals(List.of("a\\b"), CommandLine.split("'a\\b'"));
        assertEquals(List.of("a b"), CommandLine.split("a\\ b"));
        assertEquals(List.of("ab cd"), CommandLine.split("a\"b c\"d"));
        assertEquals(List.of("a\u00a0b"), CommandLine.split("a\u00a0b"));
        assertEquals(List.of("/bin/sh", "-c", "echo $HOME; exit 3"), CommandLine.split("/bin/sh -c 'echo $HOME; exit 3'"));
    }

    @Test
    void errorsAsShlex() {
        assertEquals("No closing quotation",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.split("a 'b")).getMessage());
        assertEquals("No closing quotation",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.split("a \"b")).getMessage());
        assertEquals("No escaped character",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.split("a\\")).getMessage());
    }
}
